import type { Context, Hono } from "hono";
import { randomUUID } from "node:crypto";
import { writeDiscarded } from "../faults/injector";
import { requireScope } from "./auth";
import { endpointFromCreateBody, mergeEndpointUpdate } from "./endpoint-body";
import { renderEndpoint } from "./endpoint-routes";
import { devopsError, errors } from "./errors";
import { ci, param, reply } from "./http";
import { ENDPOINT_PERMISSIONS, type DevopsState } from "./state";
import type { DevopsEnv, DevopsIdentity, DevopsProject } from "./types";

const MANAGE_SCOPE = "vso.serviceendpoint_manage";
const DUPLICATE = "Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi.DuplicateServiceConnectionException, Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi";

/**
 * dev.azure.com/{org}/_apis/serviceendpoint/endpoints: create (shared into one or more projects),
 * update (PUT of the whole endpoint) and delete from projects, as the API description and its
 * recorded examples show. A `discardWrite` fault answers as Azure would and keeps nothing.
 */
export function endpointWriteRoutes(app: Hono<DevopsEnv>, devops: DevopsState) {
  const holds = (who: DevopsIdentity, project: DevopsProject, bit: number) => (devops.endpointPermissions(who, project) & bit) !== 0;

  app.post(ci("/:org/_apis/serviceendpoint/endpoints"), requireScope(MANAGE_SCOPE), async (c) => {
    const { identity, organization } = c.get("caller");
    const created = endpointFromCreateBody(devops, { organization: organization!.name, id: randomUUID(), createdBy: identity.key }, await c.req.json().catch(() => undefined));
    if (!created.ok) return errors.badRequest(c, created.message);
    const { endpoint } = created;
    for (const reference of endpoint.projectReferences) {
      const project = devops.project(endpoint.organization, reference.projectId)!;
      if (!devops.canSeeProject(identity, project)) return errors.projectNotFound(c, project.id);
      // Creators (Contributors) may add connections; Administer covers it too.
      if (!holds(identity, project, ENDPOINT_PERMISSIONS.create | ENDPOINT_PERMISSIONS.administer)) {
        return errors.accessDenied(c, identity.displayName, `endpoints/${project.id}`, "Create");
      }
      const clash = devops.endpointsIn(project).find((e) => e.projectReferences.some((r) => r.projectId === project.id && r.name.toLowerCase() === reference.name.toLowerCase()));
      if (clash) return devopsError(c, 409, DUPLICATE, `A service connection named '${reference.name}' already exists in project ${project.name}.`);
    }
    if (!writeDiscarded(c.req.raw)) devops.replaceEndpoint(endpoint);
    return reply(c, renderEndpoint(c, devops, endpoint));
  });

  const update = async (c: Context<DevopsEnv>) => {
    const { identity, organization } = c.get("caller");
    const id = param(c, "endpointId");
    const stored = devops.endpoint(organization!.name, id);
    if (!stored) return errors.endpointNotFound(c, id);
    const projects = stored.projectReferences.map((r) => devops.project(stored.organization, r.projectId)!);
    if (!projects.some((p) => devops.canSeeProject(identity, p))) return errors.endpointNotFound(c, id);
    if (!projects.some((p) => holds(identity, p, ENDPOINT_PERMISSIONS.administer))) {
      return errors.accessDenied(c, identity.displayName, `endpoints/${projects[0]!.id}/${stored.id}`, "Administer");
    }
    const body = await c.req.json().catch(() => undefined);
    const merged = mergeEndpointUpdate(devops, stored, body);
    if (!merged.ok) return errors.badRequest(c, merged.message);
    // A `discardWrite` fault: Azure's success answer, nothing kept (what a read-back must catch).
    if (!writeDiscarded(c.req.raw)) devops.replaceEndpoint(merged.next);
    return reply(c, renderEndpoint(c, devops, merged.next));
  };
  app.put(ci("/:org/_apis/serviceendpoint/endpoints/:endpointId"), requireScope(MANAGE_SCOPE), update);
  // Older clients (and the 4.1 recorded example) PUT under the project; Azure still accepts it.
  app.put(ci("/:org/:project/_apis/serviceendpoint/endpoints/:endpointId"), requireScope(MANAGE_SCOPE), update);

  // `projectIds` names the projects to take the connection out of; out of its last one, it is gone.
  app.delete(ci("/:org/_apis/serviceendpoint/endpoints/:endpointId"), requireScope(MANAGE_SCOPE), (c) => {
    const { identity, organization } = c.get("caller");
    const id = param(c, "endpointId");
    const requested = (c.req.query("projectIds") ?? "").split(",").map((p) => p.trim()).filter(Boolean);
    if (!requested.length) return errors.badRequest(c, "Value cannot be null. (Parameter 'projectIds')");
    const stored = devops.endpoint(organization!.name, id);
    const projects = requested.map((p) => devops.project(organization!.name, p));
    const targets = projects.filter((p): p is DevopsProject => !!p && !!stored?.projectReferences.some((r) => r.projectId === p.id));
    if (!stored || targets.length !== requested.length || !targets.every((p) => devops.canSeeProject(identity, p))) return errors.endpointNotFound(c, id);
    const denied = targets.find((p) => !holds(identity, p, ENDPOINT_PERMISSIONS.administer));
    if (denied) return errors.accessDenied(c, identity.displayName, `endpoints/${denied.id}/${stored.id}`, "Administer");
    if (!writeDiscarded(c.req.raw)) devops.removeEndpointFrom(stored, new Set(targets.map((p) => p.id)));
    return c.body(null, 204);
  });
}
