import { Hono, type Context } from "hono";
import { servicePrincipalOid } from "../entra/tokens";
import { ROTOR_APP } from "../seed";
import type { GraphEnv } from "./caller";
import { badRequest, insufficientPrivileges, notFound } from "./errors";
import { contextUrl, page, parseSelect, project } from "./odata";
import type { GraphApplication, GraphState } from "./state";
import { APPLICATION_PROPERTIES, applicationView } from "./views";

const CAST = "/microsoft.graph.application";

/**
 * `servicePrincipals/{id}/ownedObjects` is how Graph lists the applications a service principal owns (the
 * `microsoft.graph.application` cast keeps only applications); `me/ownedObjects` does the same for a user.
 */
export function ownedObjectsRoutes(graph: GraphState) {
  const app = new Hono<GraphEnv>();

  const servicePrincipalApps = (c: Context<GraphEnv>): GraphApplication[] => {
    const caller = c.get("caller");
    const id = c.req.param("spId");
    const appId = /^servicePrincipals\(appId='([^']*)'\)$/.exec(c.req.param("spByAppId") ?? "")?.[1];
    // Only Rotor's service principal is seeded, once per tenant.
    if (id !== servicePrincipalOid(caller.tenantId) && appId !== ROTOR_APP.clientId) throw notFound(id ?? appId ?? "");
    if (caller.kind !== "app") throw insufficientPrivileges();
    return graph.inTenant(caller.tenantId).filter((a) => a.seed.managed);
  };

  const myApps = (c: Context<GraphEnv>): GraphApplication[] => {
    const caller = c.get("caller");
    if (caller.kind !== "user") throw badRequest("/me request is only valid with delegated authentication flow.", "BadRequest");
    return graph.inTenant(caller.tenantId).filter((a) => (a.seed.owners as readonly string[]).includes(caller.user.key));
  };

  const list = (c: Context<GraphEnv>, apps: GraphApplication[], cast: boolean) => {
    const url = new URL(c.req.url);
    const select = parseSelect(url, APPLICATION_PROPERTIES, "microsoft.graph.application");
    const items = apps.map((a) => ({
      ...(cast ? {} : { "@odata.type": "#microsoft.graph.application" }),
      ...applicationView(a, graph.passwordCredentials(a)),
    }));
    const { value, ...next } = page(items, url);
    return c.json({
      "@odata.context": contextUrl(cast ? "applications" : "directoryObjects", select),
      ...next,
      value: value.map((item) => project(item, select)),
    });
  };

  for (const cast of [false, true]) {
    const suffix = `/ownedObjects${cast ? CAST : ""}`;
    app.get(`/v1.0/servicePrincipals/:spId${suffix}`, (c) => list(c, servicePrincipalApps(c), cast));
    app.get(`/v1.0/:spByAppId{servicePrincipals\\(appId=[^/]+\\)}${suffix}`, (c) => list(c, servicePrincipalApps(c), cast));
    app.get(`/v1.0/me${suffix}`, (c) => list(c, myApps(c), cast));
  }

  return app;
}
