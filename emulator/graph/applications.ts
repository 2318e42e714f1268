import { Hono, type Context } from "hono";
import { z } from "zod";
import { accessTo, mayRead, mayWrite, type GraphEnv } from "./caller";
import { badRequest, insufficientPrivileges, notFound } from "./errors";
import { contextUrl, METADATA, page, parseSelect, project } from "./odata";
import type { GraphApplication, GraphState } from "./state";
import { APPLICATION_PROPERTIES, applicationView, DIRECTORY_OBJECT_PROPERTIES, ownerViews, passwordCredentialView } from "./views";

/** Graph addresses an application by object id or by `applications(appId='…')`. */
const paths = (suffix: string) => [`/v1.0/applications/:objectId${suffix}`, `/v1.0/:byAppId{applications\\(appId=[^/]+\\)}${suffix}`];

const addPasswordBody = z.object({
  passwordCredential: z
    .object({ displayName: z.string().nullish(), startDateTime: z.string().optional(), endDateTime: z.string().optional() })
    .optional(),
});
const removePasswordBody = z.object({ keyId: z.string().uuid() });

/** Applications: read (with $select), owners, addPassword and removePassword. */
export function applicationRoutes(graph: GraphState) {
  const app = new Hono<GraphEnv>();

  const load = (c: Context<GraphEnv>, access: "read" | "write"): GraphApplication => {
    const caller = c.get("caller");
    const objectId = c.req.param("objectId");
    const appId = /^applications\(appId='([^']*)'\)$/.exec(c.req.param("byAppId") ?? "")?.[1];
    const found = objectId ? graph.byObjectId(objectId) : appId ? graph.byAppId(appId) : undefined;
    // Another tenant's application does not exist in the caller's directory.
    if (!found || found.tenantId !== caller.tenantId) throw notFound(objectId ?? appId ?? "");
    if (!(access === "read" ? mayRead(caller, found) : mayWrite(caller, found))) throw insufficientPrivileges();
    return found;
  };

  app.on("GET", paths(""), (c) => {
    const target = load(c, "read");
    const url = new URL(c.req.url);
    const select = parseSelect(url, APPLICATION_PROPERTIES, "microsoft.graph.application");
    const view = applicationView(target, graph.passwordCredentials(target));
    return c.json({ "@odata.context": contextUrl("applications", select, true), ...project(view, select) });
  });

  app.on("GET", paths("/owners"), (c) => {
    const target = load(c, "read");
    const url = new URL(c.req.url);
    const select = parseSelect(url, DIRECTORY_OBJECT_PROPERTIES, "microsoft.graph.directoryObject");
    const caller = c.get("caller");
    const owners = ownerViews(target, { user: accessTo(caller, "user"), servicePrincipal: accessTo(caller, "servicePrincipal") }, select);
    const { value, ...next } = page(owners, url);
    return c.json({ "@odata.context": contextUrl("directoryObjects", select), ...next, value });
  });

  app.on("POST", paths("/addPassword"), async (c) => {
    const target = load(c, "write");
    const body = addPasswordBody.safeParse(await jsonBody(c));
    if (!body.success) throw badRequest("Invalid addPassword request: passwordCredential must hold displayName, startDateTime and endDateTime strings.");
    const credential = graph.addPassword(target, body.data.passwordCredential ?? {});
    return c.json({ "@odata.context": `${METADATA}microsoft.graph.passwordCredential`, ...passwordCredentialView(credential, credential.secretText) });
  });

  app.on("POST", paths("/removePassword"), async (c) => {
    const target = load(c, "write");
    const body = removePasswordBody.safeParse(await jsonBody(c));
    if (!body.success) throw badRequest("Invalid removePassword request: keyId must be a GUID.");
    graph.removePassword(target, body.data.keyId);
    return c.body(null, 204);
  });

  return app;
}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.", "BadRequest");
  }
}
