import type { Context, Hono } from "hono";
import { requireScope } from "./auth";
import { errors } from "./errors";
import { ci, hosts, list, param, reply } from "./http";
import { ENDPOINT_PERMISSIONS, type DevopsState } from "./state";
import type { DevopsEnv, StoredEndpoint } from "./types";
import { endpointJson } from "./wire";

const READ_SCOPES = ["vso.serviceendpoint", "vso.serviceendpoint_query", "vso.serviceendpoint_manage"];

/** ServiceEndpointActionFilter travels as a number from the node client (2 = manage) or as a name. */
const ACTION_FILTERS: Record<string, number> = {
  "0": 0, none: 0,
  "2": ENDPOINT_PERMISSIONS.administer, manage: ENDPOINT_PERMISSIONS.administer,
  "16": ENDPOINT_PERMISSIONS.use, use: ENDPOINT_PERMISSIONS.use,
  "32": ENDPOINT_PERMISSIONS.viewEndpoint, view: ENDPOINT_PERMISSIONS.viewEndpoint,
};

const csv = (value: string | undefined) => (value ? value.split(",").map((v) => v.trim().toLowerCase()).filter(Boolean) : undefined);

/** A service endpoint as Azure answers it: confidential parameters null, project references named. */
export function renderEndpoint(c: Context<DevopsEnv>, devops: DevopsState, endpoint: StoredEndpoint) {
  const names = new Map(endpoint.projectReferences.map((r) => [r.projectId, devops.project(endpoint.organization, r.projectId)?.name ?? ""]));
  return endpointJson(endpoint, devops.identities.find((i) => i.key === endpoint.createdBy), names, hosts(c));
}

/** dev.azure.com/{org}/{project}: service endpoints — list and get (writes: endpoint-write-routes.ts). */
export function endpointRoutes(app: Hono<DevopsEnv>, devops: DevopsState) {
  const render = (c: Context<DevopsEnv>, endpoint: StoredEndpoint) => renderEndpoint(c, devops, endpoint);

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
}
