import "server-only";
import { AzureError } from "../errors";
import { devopsCall, serviceEndpointApi } from "./client";
import type { DevopsCredential } from "./credential";
import { secretParameterOf, verdictFor, type Verdict } from "./verdict";

export type ServiceConnection = {
  id: string;
  name: string;
  type: string;
  scheme: string;
  isReady: boolean;
} & Verdict;

/** Every service connection of a project, each with whether Rotor can rotate it for `appId`, and why not. */
export async function listServiceConnections(
  credential: DevopsCredential,
  { organization, project, appId }: { organization: string; project: string; appId: string },
): Promise<ServiceConnection[]> {
  const api = await serviceEndpointApi(credential, organization);
  const endpoints = await devopsCall(() => api.getServiceEndpoints(project, undefined, undefined, undefined, undefined, true));
  return (endpoints ?? [])
    .filter((e) => e.id && e.name)
    .map((e) => ({
      id: e.id!,
      name: e.name!,
      type: e.type ?? "",
      scheme: e.authorization?.scheme ?? "",
      isReady: e.isReady ?? false,
      ...verdictFor(e, appId),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One connection with its verdict, or null when it no longer exists. */
export async function getServiceConnection(
  credential: DevopsCredential,
  { organization, project, endpointId, appId }: { organization: string; project: string; endpointId: string; appId: string },
): Promise<ServiceConnection | null> {
  const api = await serviceEndpointApi(credential, organization);
  const e = await devopsCall(() => api.getServiceEndpointDetails(project, endpointId));
  if (!e?.id) return null;
  return { id: e.id, name: e.name ?? "", type: e.type ?? "", scheme: e.authorization?.scheme ?? "", isReady: e.isReady ?? false, ...verdictFor(e, appId) };
}

/**
 * Writes a new secret into a connection with the tenant credential: read the whole endpoint,
 * check it is still a supported connection of this application, set the one secret parameter,
 * PUT it back. The secret exists only in this call's memory.
 */
export async function updateServiceConnectionSecret(
  credential: DevopsCredential,
  { organization, project, endpointId, appId, secret }: { organization: string; project: string; endpointId: string; appId: string; secret: string },
): Promise<void> {
  const api = await serviceEndpointApi(credential, organization);
  const endpoint = await devopsCall(() => api.getServiceEndpointDetails(project, endpointId));
  if (!endpoint?.id) throw new AzureError("devops", 404, `The service connection ${endpointId} no longer exists.`, "not_found");
  const verdict = verdictFor(endpoint, appId);
  if (!verdict.supported) throw new AzureError("devops", 409, `The service connection can no longer be rotated: ${verdict.reason}`, "unsupported");
  const parameter = secretParameterOf(endpoint)!;
  endpoint.authorization = { ...endpoint.authorization, parameters: { ...endpoint.authorization?.parameters, [parameter]: secret } };
  await devopsCall(() => api.updateServiceEndpoint(endpoint, endpointId));
}
