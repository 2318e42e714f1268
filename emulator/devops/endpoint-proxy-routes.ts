import type { Context, Hono } from "hono";
import { requireScope } from "./auth";
import { errors } from "./errors";
import { ci, param, reply } from "./http";
import type { DevopsState } from "./state";
import type { DevopsEnv, StoredEndpoint } from "./types";

/** Whether Entra ID would give a token for this app and secret (the Graph emulator's live credentials). */
export type SecretCheck = (tenantId: string, appId: string, secret: string) => boolean;

const READ_SCOPES = ["vso.serviceendpoint", "vso.serviceendpoint_query", "vso.serviceendpoint_manage"];

/**
 * ServiceEndpointRequestResult as Azure DevOps answers ExecuteServiceEndpointRequest: always HTTP 200,
 * the data source's own outcome in `statusCode` and `errorMessage` (see the spec's endpointproxy example).
 */
const outcome = (statusCode: string, result: unknown, errorMessage = "") => ({ result, statusCode, errorMessage, callbackContextParameters: null, callbackRequired: false });

/**
 * What the azurerm `TestConnection` data source does: sign in as the service principal with the
 * key (the stored one, or the one in `serviceEndpointDetails` when the caller verifies before
 * saving) and read the subscription.
 */
function testAzureRm(endpoint: StoredEndpoint, details: unknown, accepts: SecretCheck) {
  const given = (details as { authorization?: { parameters?: Record<string, unknown> } } | undefined)?.authorization?.parameters;
  const p = { ...endpoint.authorization.parameters, ...(given ?? {}) } as Record<string, unknown>;
  const [tenant, appId, key] = [p.tenantid, p.serviceprincipalid, p.serviceprincipalkey].map((v) => (typeof v === "string" ? v : ""));
  if (!key || !accepts(tenant!, appId!, key)) {
    return outcome(
      "badRequest",
      [],
      `Failed to obtain the Json Web Token(JWT) using service principal client ID. Exception Message: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
    );
  }
  const subscriptionId = endpoint.data.subscriptionId ?? "";
  const subscription = { id: `/subscriptions/${subscriptionId}`, subscriptionId, displayName: endpoint.data.subscriptionName ?? subscriptionId, state: "Enabled", tenantId: tenant };
  return outcome("ok", [JSON.stringify(subscription)]);
}

/** dev.azure.com/{org}/{project}/_apis/serviceendpoint/endpointproxy?endpointId=… (ExecuteServiceEndpointRequest). */
export function endpointProxyRoutes(app: Hono<DevopsEnv>, devops: DevopsState, accepts: SecretCheck) {
  app.post(ci("/:org/:project/_apis/serviceendpoint/endpointproxy"), requireScope(...READ_SCOPES), async (c: Context<DevopsEnv>) => {
    const { identity, organization } = c.get("caller");
    const project = devops.project(organization!.name, param(c, "project"));
    if (!project || !devops.canSeeProject(identity, project)) return errors.projectNotFound(c, param(c, "project"));
    const id = (c.req.query("endpointId") ?? "").toLowerCase();
    const endpoint = devops.endpointsIn(project).find((e) => e.id === id);
    if (!endpoint) return errors.endpointNotFound(c, id);
    const body = (await c.req.json().catch(() => undefined)) as { dataSourceDetails?: { dataSourceName?: unknown }; serviceEndpointDetails?: unknown } | undefined;
    const source = body?.dataSourceDetails?.dataSourceName;
    if (typeof source !== "string" || !source) return errors.badRequest(c, "Value cannot be null.\r\nParameter name: dataSourceDetails");
    if (endpoint.type !== "azurerm" || source.toLowerCase() !== "testconnection") {
      return errors.badRequest(c, `Data source with name '${source}' was not found for service endpoint type '${endpoint.type}'.`);
    }
    return reply(c, testAzureRm(endpoint, body!.serviceEndpointDetails, accepts));
  });
}
