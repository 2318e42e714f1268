import type { Context, Hono } from "hono";
import { writeDiscarded } from "../faults/injector";
import { requireScope } from "./auth";
import { mergeEndpointUpdate } from "./endpoint-body";
import { errors } from "./errors";
import { ci, hosts, list, param, reply } from "./http";
import { ENDPOINT_PERMISSIONS, type DevopsState } from "./state";
import type { DevopsEnv, StoredEndpoint } from "./types";
import { endpointJson } from "./wire";

const READ_SCOPES = ["vso.serviceendpoint", "vso.serviceendpoint_query", "vso.serviceendpoint_manage"];
const MANAGE_SCOPE = "vso.serviceendpoint_manage";

/** ServiceEndpointActionFilter travels as a number from the node client (2 = manage) or as a name. */
const ACTION_FILTERS: Record<string, number> = {
  "0": 0, none: 0,
  "2": ENDPOINT_PERMISSIONS.administer, manage: ENDPOINT_PERMISSIONS.administer,
  "16": ENDPOINT_PERMISSIONS.use, use: ENDPOINT_PERMISSIONS.use,
  "32": ENDPOINT_PERMISSIONS.viewEndpoint, view: ENDPOINT_PERMISSIONS.viewEndpoint,
};

const csv = (value: string | undefined) => (value ? value.split(",").map((v) => v.trim().toLowerCase()).filter(Boolean) : undefined);

/** dev.azure.com/{org}: service endpoints — list, get, and PUT of the whole endpoint. */
export function endpointRoutes(app: Hono<DevopsEnv>, devops: DevopsState) {
  const render = (c: Context<DevopsEnv>, endpoint: StoredEndpoint) => {
    const names = new Map(devops.projects.map((p) => [p.id, p.name]));
    return endpointJson(endpoint, devops.identities.find((i) => i.key === endpoint.createdBy), names, hosts(c));
  };

  /** The project from the path, if the caller may see it, and the caller's rights on its endpoints. */
  const projectOf = (c: Context<DevopsEnv>) => {
    const { identity, organization } = c.get("caller");
    const project = devops.project(organization!.name, param(c, "project"));
    if (!project || !devops.canSeeProject(identity, project)) return undefined;
    return { project, rights: devops.endpointPermissions(identity, project) };
  };

  app.get(ci("/:org/:project/_apis/serviceendpoint/endpoints"), requireScope(...READ_SCOPES), (c) => {
    const scope = projectOf(c);
    if (!scope) return errors.projectNotFound(c, param(c, "project"));
    const q = (name: string) => c.req.query(name);
    const needed = ACTION_FILTERS[(q("actionFilter") ?? "0").toLowerCase()];
    if (needed === undefined) return errors.badRequest(c, `The value '${q("actionFilter")}' is not valid for actionFilter.`);
    // Rights come from the project, so the action filter keeps all of its endpoints or none.
    if ((scope.rights & needed) !== needed) return reply(c, list([]));
    const [ids, names, schemes] = [csv(q("endpointIds")), csv(q("endpointNames")), csv(q("authSchemes"))];
    const found = devops
      .endpointsIn(scope.project)
      .filter((e) => !q("type") || e.type.toLowerCase() === q("type")!.toLowerCase())
      .filter((e) => !schemes || schemes.includes(e.authorization.scheme.toLowerCase()))
      .filter((e) => !ids || ids.includes(e.id))
      .filter((e) => !names || names.includes(e.name.toLowerCase()))
      .filter((e) => !q("owner") || e.owner.toLowerCase() === q("owner")!.toLowerCase())
      .filter((e) => e.isReady || q("includeFailed") === "true");
    return reply(c, list(found.map((e) => render(c, e))));
  });

  app.get(ci("/:org/:project/_apis/serviceendpoint/endpoints/:endpointId"), requireScope(...READ_SCOPES), (c) => {
    const scope = projectOf(c);
    if (!scope) return errors.projectNotFound(c, param(c, "project"));
    const id = param(c, "endpointId");
    const endpoint = devops.endpointsIn(scope.project).find((e) => e.id === id.toLowerCase());
    const needed = ACTION_FILTERS[(c.req.query("actionFilter") ?? "0").toLowerCase()] ?? 0;
    if (!endpoint || (scope.rights & needed) !== needed) return errors.endpointNotFound(c, id);
    return reply(c, render(c, endpoint));
  });

  const update = async (c: Context<DevopsEnv>) => {
    const { identity, organization } = c.get("caller");
    const id = param(c, "endpointId");
    const stored = devops.endpoint(organization!.name, id);
    if (!stored) return errors.endpointNotFound(c, id);
    const projects = stored.projectReferences.map((r) => devops.project(stored.organization, r.projectId)!);
    if (!projects.some((p) => devops.canSeeProject(identity, p))) return errors.endpointNotFound(c, id);
    if (!projects.some((p) => (devops.endpointPermissions(identity, p) & ENDPOINT_PERMISSIONS.administer) !== 0)) {
      return errors.accessDenied(c, identity.displayName, `endpoints/${projects[0]!.id}/${stored.id}`, "Administer");
    }
    const body = await c.req.json().catch(() => undefined);
    const merged = mergeEndpointUpdate(devops, stored, body);
    if (!merged.ok) return errors.badRequest(c, merged.message);
    // A `discardWrite` fault: Azure's success answer, nothing kept (what a read-back must catch).
    if (!writeDiscarded(c.req.raw)) devops.replaceEndpoint(merged.next);
    return reply(c, render(c, merged.next));
  };
  app.put(ci("/:org/_apis/serviceendpoint/endpoints/:endpointId"), requireScope(MANAGE_SCOPE), update);
  // Older clients (and the 4.1 recorded example) PUT under the project; Azure still accepts it.
  app.put(ci("/:org/:project/_apis/serviceendpoint/endpoints/:endpointId"), requireScope(MANAGE_SCOPE), update);
}
