import "server-only";
import { env } from "@/lib/env";
import { appToken } from "./app-token";
import { azureFetch } from "./http";
import { DEFAULT_RETRY, onlyThrottled, withRetry } from "./retry";

export type PasswordCredential = { keyId: string; displayName: string | null; hint: string | null; startDateTime: string; endDateTime: string };
export type GraphApplication = { id: string; appId: string; displayName: string; passwordCredentials: PasswordCredential[] };
export type Owner = { id: string; type: "user" | "servicePrincipal" | "other"; displayName: string | null; userPrincipalName?: string | null; mail?: string | null };
/** The one moment a secret's text exists: returned by addPassword, kept only in memory by the caller. */
export type NewSecret = { keyId: string; secretText: string; hint: string; startDateTime: string; endDateTime: string };

const SELECT = "$select=id,appId,displayName,passwordCredentials";

/** Calls Graph as Rotor's service principal in `tenantId` (Application.ReadWrite.OwnedBy). */
async function graph<T>(tenantId: string, path: string, init: RequestInit = {}, retry = true): Promise<T> {
  const call = async () =>
    (
      await azureFetch<T>("graph", `${env().urls.graph}/v1.0${path}`, {
        ...init,
        headers: { authorization: `Bearer ${await appToken(tenantId, "graph")}`, "content-type": "application/json", ...init.headers },
      })
    ).body;
  return retry ? withRetry(call) : withRetry(call, DEFAULT_RETRY, onlyThrottled);
}

const byAppId = (appId: string) => `/applications(appId='${encodeURIComponent(appId)}')`;

export async function getApplication(tenantId: string, appId: string): Promise<GraphApplication> {
  const app = await graph<GraphApplication>(tenantId, `${byAppId(appId)}?${SELECT}`);
  return { ...app, passwordCredentials: app.passwordCredentials ?? [] };
}

/** The applications Rotor's service principal owns in the tenant: the ones it may manage. */
export async function listOwnedApplications(tenantId: string): Promise<GraphApplication[]> {
  const apps: GraphApplication[] = [];
  let next: string | undefined = `/servicePrincipals(appId='${env().clientId}')/ownedObjects/microsoft.graph.application?${SELECT}&$top=100`;
  while (next) {
    const page: { value: GraphApplication[]; "@odata.nextLink"?: string } = await graph(tenantId, next);
    apps.push(...page.value.map((a) => ({ ...a, passwordCredentials: a.passwordCredentials ?? [] })));
    const link = page["@odata.nextLink"];
    next = link ? link.slice(link.indexOf("/v1.0") + "/v1.0".length) : undefined;
  }
  return apps.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export async function listOwners(tenantId: string, objectId: string): Promise<Owner[]> {
  type Raw = { id: string; "@odata.type"?: string; displayName?: string; userPrincipalName?: string; mail?: string };
  const page = await graph<{ value: Raw[] }>(tenantId, `/applications/${encodeURIComponent(objectId)}/owners?$select=id,displayName,userPrincipalName,mail`);
  return page.value.map((o) => ({
    id: o.id,
    type: o["@odata.type"] === "#microsoft.graph.user" ? "user" : o["@odata.type"] === "#microsoft.graph.servicePrincipal" ? "servicePrincipal" : "other",
    displayName: o.displayName ?? null,
    userPrincipalName: o.userPrincipalName ?? null,
    mail: o.mail ?? null,
  }));
}

/**
 * Adds a secret. Not idempotent, so it is retried only when throttled: after a 5xx or a timeout
 * the secret may exist, and the caller (the rotation journal) must reconcile by its display name.
 */
export async function addPassword(tenantId: string, objectId: string, { displayName, endDateTime }: { displayName: string; endDateTime: Date }): Promise<NewSecret> {
  return graph<NewSecret>(
    tenantId,
    `/applications/${encodeURIComponent(objectId)}/addPassword`,
    { method: "POST", body: JSON.stringify({ passwordCredential: { displayName, endDateTime: endDateTime.toISOString() } }) },
    false,
  );
}

/** Removes a secret; removing one that is already gone counts as done. */
export async function removePassword(tenantId: string, objectId: string, keyId: string): Promise<void> {
  try {
    await graph<null>(tenantId, `/applications/${encodeURIComponent(objectId)}/removePassword`, { method: "POST", body: JSON.stringify({ keyId }) });
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      const app = await graph<GraphApplication>(tenantId, `/applications/${encodeURIComponent(objectId)}?$select=id,passwordCredentials`);
      if (!app.passwordCredentials?.some((p) => p.keyId === keyId)) return;
    }
    throw error;
  }
}
