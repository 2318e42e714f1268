import "server-only";
import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { isObject, unreadable } from "../answers";
import { AzureError } from "../errors";
import { confirmsUpdate, descriptionsOf, readEndpoint, readEndpoints } from "./answers";
import { devopsCall, organizationUrl, serviceEndpointApi } from "./client";
import type { DevopsCredential } from "./credential";
import { devopsGet } from "./rest";
import { authenticatesAs, secretParameterOf, verdictFor, type ApplicationNames, type Verdict } from "./verdict";

export type ServiceConnection = {
  id: string;
  name: string;
  type: string;
  scheme: string;
  isReady: boolean;
  /** It signs in as the application being bound, whether or not Rotor can rotate it. */
  authenticatesAsThisApplication: boolean;
} & Verdict;

function connectionOf(e: ServiceEndpoint, appId: string, registryHosts: readonly string[], names?: ApplicationNames): ServiceConnection {
  return {
    id: e.id!,
    name: e.name ?? "",
    type: e.type ?? "",
    scheme: e.authorization?.scheme ?? "",
    isReady: e.isReady ?? false,
    authenticatesAsThisApplication: authenticatesAs(e)?.toLowerCase() === appId.toLowerCase(),
    ...verdictFor(e, appId, registryHosts, names),
  };
}

/**
 * Every service connection of a project as Azure DevOps describes it (confidential parameters are
 * null there): one REST call at the pinned api-version, no location look-ups.
 */
export async function listServiceEndpoints(credential: DevopsCredential, { organization, project }: { organization: string; project: string }): Promise<ServiceEndpoint[]> {
  const url = `${organizationUrl(organization)}/${encodeURIComponent(project)}/_apis/serviceendpoint/endpoints?includeFailed=true`;
  const body = await devopsGet<unknown>(credential, url);
  if (body !== null && !isObject(body)) throw unreadable("devops", "the service connection list is not a list");
  return readEndpoints(body?.value);
}

/** Each endpoint with whether Rotor can rotate it for `appId`, and why not, by name. */
export function judgeConnections(endpoints: readonly ServiceEndpoint[], { appId, registryHosts = [], names }: { appId: string; registryHosts?: readonly string[]; names?: ApplicationNames }): ServiceConnection[] {
  return endpoints.map((e) => connectionOf(e, appId, registryHosts, names)).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Every service connection of a project, each with whether Rotor can rotate it for `appId`, and
 * why not. `registryHosts`: the tenant's docker registry allow-list (none given: no docker connection).
 */
export async function listServiceConnections(
  credential: DevopsCredential,
  { organization, project, appId, registryHosts = [], names }: { organization: string; project: string; appId: string; registryHosts?: readonly string[]; names?: ApplicationNames },
): Promise<ServiceConnection[]> {
  return judgeConnections(await listServiceEndpoints(credential, { organization, project }), { appId, registryHosts, names });
}

/** One connection with its verdict, or null when it no longer exists. */
export async function getServiceConnection(
  credential: DevopsCredential,
  { organization, project, endpointId, appId, registryHosts = [], names }: { organization: string; project: string; endpointId: string; appId: string; registryHosts?: readonly string[]; names?: ApplicationNames },
): Promise<ServiceConnection | null> {
  const api = await serviceEndpointApi(credential, organization);
  const e = readEndpoint(await devopsCall(() => api.getServiceEndpointDetails(project, endpointId)));
  if (!e?.id) return null;
  return connectionOf(e, appId, registryHosts, names);
}

/**
 * Writes a new secret into a connection with the tenant credential: read the whole endpoint,
 * check it is still a supported connection of this application (a docker registry still on the
 * tenant's allow-list `registryHosts`), set the one secret parameter,
 * PUT it back. The secret exists only in this call's memory.
 */
export async function updateServiceConnectionSecret(
  credential: DevopsCredential,
  {
    organization,
    project,
    endpointId,
    appId,
    secret,
    keyId,
    registryHosts = [],
  }: { organization: string; project: string; endpointId: string; appId: string; secret: string; keyId?: string; registryHosts?: readonly string[] },
): Promise<void> {
  const api = await serviceEndpointApi(credential, organization);
  const answer: unknown = await devopsCall(() => api.getServiceEndpointDetails(project, endpointId));
  const checked = readEndpoint(answer);
  if (!checked) throw new AzureError("devops", 404, `The service connection ${endpointId} no longer exists.`, "not_found");
  const verdict = verdictFor(checked, appId, registryHosts);
  if (!verdict.supported) throw new AzureError("devops", 409, `The service connection can no longer be rotated: ${verdict.reason}`, "unsupported");
  // The whole endpoint goes back as Azure DevOps sent it (checked above: an object whose parameters are an object), but the secret.
  const endpoint = answer as ServiceEndpoint;
  const parameter = secretParameterOf(checked)!;
  endpoint.authorization = { ...endpoint.authorization, parameters: { ...endpoint.authorization?.parameters, [parameter]: secret } };
  if (keyId) {
    // The PUT carries the stamp with the secret, so after a crash Rotor can tell which secret the connection holds.
    endpoint.description = stamp(typeof endpoint.description === "string" ? endpoint.description : undefined, keyId);
    if (Array.isArray(endpoint.serviceEndpointProjectReferences)) {
      endpoint.serviceEndpointProjectReferences = endpoint.serviceEndpointProjectReferences.map((r) =>
        isObject(r) ? { ...r, description: stamp(typeof r.description === "string" ? r.description : undefined, keyId) } : r,
      );
    }
  }
  const updated: unknown = await devopsCall(() => api.updateServiceEndpoint(endpoint, endpointId));
  // Only the connection itself in the answer confirms the write; the caller then checks the stamp.
  if (!confirmsUpdate(updated, endpointId)) throw unreadable("devops", "the update of the service connection was not confirmed");
}

const STAMP = /\n?\[Rotor\] secret key id [0-9a-f-]{36}[^\n]*$/;

/** Replaces Rotor's line at the end of a description with one naming the secret the connection now holds. */
export function stamp(description: string | undefined, keyId: string): string {
  const base = (description ?? "").replace(STAMP, "");
  return `${base}${base ? "\n" : ""}[Rotor] secret key id ${keyId}, rotated ${new Date().toISOString().slice(0, 16)}Z`;
}

/** The key id Rotor's stamp names in the first of `descriptions` that carries one; null when none does. */
export function keyIdInStamp(descriptions: readonly (string | undefined)[]): string | null {
  for (const text of descriptions) {
    const match = text?.match(/\[Rotor\] secret key id ([0-9a-f-]{36})/);
    if (match) return match[1]!;
  }
  return null;
}

/** The key id of the secret Rotor last wrote into the connection, read from its stamp; null when none. */
export async function stampedKeyId(credential: DevopsCredential, { organization, project, endpointId }: { organization: string; project: string; endpointId: string }): Promise<string | null> {
  const api = await serviceEndpointApi(credential, organization);
  const endpoint: unknown = await devopsCall(() => api.getServiceEndpointDetails(project, endpointId));
  return keyIdInStamp(descriptionsOf(endpoint));
}

/**
 * Reads the connection back after a PUT Azure DevOps answered with success, and lists what does not
 * hold what Rotor wrote: the stamp naming the new key id (which travelled with the secret), and the
 * connection still being a supported one of this application. Azure never returns a secret, so the
 * secret itself is checked by the connection test (test-connection.ts) where the type has one.
 * Empty when the write is confirmed; a failed read throws (the outcome is then unknown).
 */
export async function confirmServiceConnectionWrite(
  credential: DevopsCredential,
  {
    organization,
    project,
    endpointId,
    appId,
    keyId,
    registryHosts,
  }: { organization: string; project: string; endpointId: string; appId: string; keyId: string; registryHosts: readonly string[] },
): Promise<string[]> {
  const api = await serviceEndpointApi(credential, organization);
  const answer: unknown = await devopsCall(() => api.getServiceEndpointDetails(project, endpointId));
  const endpoint = readEndpoint(answer);
  if (!endpoint) return ["the connection is gone"];
  const problems: string[] = [];
  const stamps = descriptionsOf(answer).map((text) => text.match(/\[Rotor\] secret key id ([0-9a-f-]{36})/)?.[1]).filter(Boolean);
  if (!stamps.includes(keyId)) problems.push(stamps.length ? `it still names key id ${stamps[0]}` : "it does not name the new key id");
  const verdict = verdictFor(endpoint, appId, registryHosts);
  if (!verdict.supported) problems.push(verdict.reason.replace(/\.$/, "").toLowerCase());
  return problems;
}
