import "server-only";
import type { z } from "zod";
import { env } from "@/lib/env";
import { readAnswer, unreadable } from "./answers";
import { appToken } from "./app-token";
import { applicationAnswer, keyIdsAnswer, newSecretAnswer, ownerAnswer, pageOf, userProfileAnswer } from "./graph-answers";
import { azureFetch } from "./http";
import { DEFAULT_RETRY, onlyThrottled, withRetry } from "./retry";

export type PasswordCredential = { keyId: string; displayName: string | null; hint: string | null; startDateTime: string; endDateTime: string };
export type GraphApplication = { id: string; appId: string; displayName: string; passwordCredentials: PasswordCredential[] };
/** Under Application.ReadWrite.OwnedBy alone Graph sends an owner's type and id only: the names are null. */
export type Owner = { id: string; type: "user" | "servicePrincipal" | "other"; displayName: string | null; userPrincipalName?: string | null; mail?: string | null };
/** The one moment a secret's text exists: returned by addPassword, kept only in memory by the caller. */
export type NewSecret = { keyId: string; secretText: string; hint: string; startDateTime: string; endDateTime: string };

const SELECT = "$select=id,appId,displayName,passwordCredentials";
/** 100 per page: far beyond any tenant Rotor serves, and it stops a server that never stops paging. */
const MAX_PAGES = 1_000;

/** Calls Graph as Rotor's service principal in `tenantId` (Application.ReadWrite.OwnedBy). */
async function graph(tenantId: string, path: string, init: RequestInit = {}, retry = true): Promise<unknown> {
  const call = async () =>
    (
      await azureFetch<unknown>("graph", `${env().urls.graph}/v1.0${path}`, {
        ...init,
        headers: { authorization: `Bearer ${await appToken(tenantId, "graph")}`, "content-type": "application/json", ...init.headers },
      })
    ).body;
  return retry ? withRetry(call) : withRetry(call, DEFAULT_RETRY, onlyThrottled);
}

/** Every page of a Graph collection, following @odata.nextLink (on Graph's own v1.0, never twice the same). */
async function allPages<T extends z.ZodType>(tenantId: string, first: string, item: T, what: string): Promise<z.output<T>[]> {
  const schema = pageOf(item);
  const items: z.output<T>[] = [];
  const seen = new Set<string>();
  for (let next: string | undefined = first; next; ) {
    if (seen.size >= MAX_PAGES || seen.has(next)) throw unreadable("graph", what, "it kept sending more pages");
    seen.add(next);
    const page: z.output<typeof schema> = readAnswer("graph", what, schema, await graph(tenantId, next));
    items.push(...page.value);
    next = page["@odata.nextLink"] ? pathOf(page["@odata.nextLink"], what) : undefined;
  }
  return items;
}

function pathOf(link: string, what: string): string {
  const at = link.indexOf("/v1.0/");
  if (at < 0) throw unreadable("graph", what, "@odata.nextLink is not a Graph v1.0 link");
  return link.slice(at + "/v1.0".length);
}

const byAppId = (appId: string) => `/applications(appId='${encodeURIComponent(appId)}')`;

export async function getApplication(tenantId: string, appId: string): Promise<GraphApplication> {
  return readAnswer("graph", "the application", applicationAnswer, await graph(tenantId, `${byAppId(appId)}?${SELECT}`));
}

/** The applications Rotor's service principal owns in the tenant: the ones it may manage. */
export async function listOwnedApplications(tenantId: string): Promise<GraphApplication[]> {
  const first = `/servicePrincipals(appId='${env().clientId}')/ownedObjects/microsoft.graph.application?${SELECT}&$top=100`;
  const apps = await allPages(tenantId, first, applicationAnswer, "the applications Rotor owns");
  return apps.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Every owner of an application, all pages (missing one would drop that owner from Rotor). */
export async function listOwners(tenantId: string, objectId: string): Promise<Owner[]> {
  const first = `/applications/${encodeURIComponent(objectId)}/owners?$select=id,displayName,userPrincipalName,mail`;
  const owners = await allPages(tenantId, first, ownerAnswer, "the application's owners");
  return owners.map((o) => ({
    id: o.id,
    type: o["@odata.type"] === "#microsoft.graph.user" ? "user" : o["@odata.type"] === "#microsoft.graph.servicePrincipal" ? "servicePrincipal" : "other",
    displayName: o.displayName,
    userPrincipalName: o.userPrincipalName,
    mail: o.mail,
  }));
}

export type UserProfile = { displayName: string | null; mail: string | null; userPrincipalName: string | null };

/**
 * A user's name and addresses: needs the optional application permission User.ReadBasic.All (Graph
 * answers 403 Authorization_RequestDenied without it). Null when the user no longer exists.
 */
export async function getUserProfile(tenantId: string, oid: string): Promise<UserProfile | null> {
  try {
    return readAnswer("graph", "the user's profile", userProfileAnswer, await graph(tenantId, `/users/${encodeURIComponent(oid)}?$select=displayName,mail,userPrincipalName`));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/**
 * Adds a secret. Not idempotent, so it is retried only when throttled: after a 5xx, a timeout or an
 * unreadable answer the secret may exist, and the caller (the rotation journal) must reconcile by its display name.
 */
export async function addPassword(tenantId: string, objectId: string, { displayName, endDateTime }: { displayName: string; endDateTime: Date }): Promise<NewSecret> {
  const answer = await graph(
    tenantId,
    `/applications/${encodeURIComponent(objectId)}/addPassword`,
    { method: "POST", body: JSON.stringify({ passwordCredential: { displayName, endDateTime: endDateTime.toISOString() } }) },
    false,
  );
  return readAnswer("graph", "the new secret", newSecretAnswer, answer);
}

/**
 * Removes a secret; removing one that is already gone counts as done. Graph documents no status for
 * "no such key" and a retried call may fail after the first one removed it, so whatever the failure,
 * the application's credentials decide: the key absent means done, anything else is the failure.
 */
export async function removePassword(tenantId: string, objectId: string, keyId: string): Promise<void> {
  try {
    await graph(tenantId, `/applications/${encodeURIComponent(objectId)}/removePassword`, { method: "POST", body: JSON.stringify({ keyId }) });
  } catch (error) {
    const app = await graph(tenantId, `/applications/${encodeURIComponent(objectId)}?$select=id,passwordCredentials`).then(
      (answer) => readAnswer("graph", "the application", keyIdsAnswer, answer),
      () => undefined,
    );
    if (app && !app.passwordCredentials.some((p) => p.keyId === keyId)) return;
    throw error;
  }
}
