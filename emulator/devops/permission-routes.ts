import type { Hono } from "hono";
import { requireScope } from "./auth";
import { errors } from "./errors";
import { ci, list, param, reply } from "./http";
import { ALL_ENDPOINT_PERMISSIONS, type DevopsState } from "./state";
import type { DevopsEnv, DevopsIdentity } from "./types";

export const SERVICE_ENDPOINTS_NAMESPACE = "49b48001-ca20-4adc-8111-5b60c903a50c";

/** dev.azure.com/{org}/_apis/permissions: "has the caller these bits on these tokens?" */
export function permissionRoutes(app: Hono<DevopsEnv>, devops: DevopsState) {
  /** Bits the caller holds on a ServiceEndpoints token: `endpoints/{projectId}` or `endpoints/{projectId}/{endpointId}`. */
  const bitsOn = (who: DevopsIdentity, organization: string, token: string): number => {
    const [root, projectId, endpointId, ...rest] = token.split("/");
    if (root?.toLowerCase() !== "endpoints" || !projectId || rest.length) return 0;
    const project = devops.project(organization, projectId);
    if (!project || project.id !== projectId.toLowerCase()) return devops.isCollectionAdmin(who, organization) ? ALL_ENDPOINT_PERMISSIONS : 0;
    if (endpointId && !devops.endpointsIn(project).some((e) => e.id === endpointId.toLowerCase())) return 0;
    return devops.endpointPermissions(who, project);
  };

  app.get(ci("/:org/_apis/permissions/:namespace/:permissions"), requireScope("vso.security_manage"), (c) => {
    const { identity, organization } = c.get("caller");
    const requested = Number(param(c, "permissions"));
    if (!Number.isInteger(requested) || requested < 0) return errors.badRequest(c, `The value '${param(c, "permissions")}' is not valid for permissions.`);
    const delimiter = c.req.query("delimiter") || ",";
    const tokens = (c.req.query("tokens") ?? c.req.query("token") ?? "").split(delimiter).filter(Boolean);
    if (!tokens.length) return errors.badRequest(c, "Value cannot be null. (Parameter 'tokens')");
    const known = param(c, "namespace").toLowerCase() === SERVICE_ENDPOINTS_NAMESPACE;
    const answers = tokens.map((token) => known && (bitsOn(identity, organization!.name, token) & requested) === requested);
    return reply(c, list(answers));
  });
}
