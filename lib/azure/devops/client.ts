import "server-only";
import { WebApi } from "azure-devops-node-api";
import type { ICoreApi } from "azure-devops-node-api/CoreApi";
import type { IServiceEndpointApi } from "azure-devops-node-api/ServiceEndpointApi";
import { BearerCredentialHandler } from "azure-devops-node-api/handlers/bearertoken";
import { PersonalAccessTokenCredentialHandler } from "azure-devops-node-api/handlers/personalaccesstoken";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { sentence, unreadable } from "../answers";
import { AzureError } from "../errors";
import { retryAfterMs, withRetry } from "../retry";
import type { DevopsCredential } from "./credential";

type Entry = {
  handler: BearerCredentialHandler | PersonalAccessTokenCredentialHandler;
  web: WebApi;
  endpoints?: Promise<IServiceEndpointApi>;
  core?: Promise<ICoreApi>;
  usedAt: number;
};

const MAX_ENTRIES = 500;
const entries = new Map<string, Entry>();

export function organizationUrl(organization: string): string {
  return `${env().urls.devops}/${encodeURIComponent(organization)}`;
}

/**
 * One azure-devops-node-api client per (credential, organization), kept so its resource-area and
 * location look-ups (OPTIONS) are made once, not per call. The bearer token is refreshed in place.
 */
async function entryFor(credential: DevopsCredential, organization: string): Promise<Entry> {
  const key = `${credential.key}|${organization}`;
  let entry = entries.get(key);
  if (!entry) {
    const handler =
      credential.kind === "bearer" ? new BearerCredentialHandler("", false) : new PersonalAccessTokenCredentialHandler(credential.pat(), false);
    entry = { handler, web: new WebApi(organizationUrl(organization), handler, { allowRetries: false, socketTimeout: env().azureTimeoutMs, keepAlive: true }), usedAt: 0 };
    entries.set(key, entry);
    if (entries.size > MAX_ENTRIES) {
      const oldest = [...entries.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt)[0];
      if (oldest) entries.delete(oldest[0]);
    }
  }
  if (credential.kind === "bearer") (entry.handler as BearerCredentialHandler).token = await credential.token();
  entry.usedAt = Date.now();
  return entry;
}

/** A cached API object; a failed creation is forgotten so the next call tries again. */
function memo<T>(entry: Entry, field: "endpoints" | "core", create: () => Promise<T>): Promise<T> {
  const existing = entry[field] as Promise<T> | undefined;
  if (existing) return existing;
  const created = create().catch((error: unknown) => {
    entry[field] = undefined;
    throw error;
  });
  (entry as Record<string, unknown>)[field] = created;
  return created;
}

/**
 * Turns the node client's errors (statusCode, message from the body, headers) into AzureError. The
 * client takes a whole non-JSON error body as the message, so only a real sentence is kept; and
 * it trips over some malformed answers itself (a TypeError inside it), which is Azure's answer's fault.
 */
export function toAzureError(error: unknown): unknown {
  if (error instanceof AzureError) return error;
  const e = error as Error & { statusCode?: number; responseHeaders?: Record<string, string>; code?: string };
  if (typeof e?.statusCode === "number") {
    const message = sentence(e.message) ?? `Azure DevOps answered ${e.statusCode}.`;
    return new AzureError("devops", e.statusCode, message, undefined, retryAfterMs(e.responseHeaders?.["retry-after"]));
  }
  if (e?.message?.startsWith("Request timeout")) return new AzureError("devops", 0, "Azure DevOps did not answer in time.", "timeout");
  if (e?.code && /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|EPIPE/.test(e.code)) {
    return new AzureError("devops", 0, "Azure DevOps could not be reached.", "network");
  }
  if (error instanceof Error && !e.code) {
    // No status and no network code: the client could not make sense of an answer (its location data included).
    logger.warn({ err: e.message }, "the Azure DevOps client could not handle an answer");
    return unreadable("devops", "not in the form its API describes");
  }
  return error;
}

/** Runs a node-client call with retries for throttling and server faults. */
export function devopsCall<T>(call: () => Promise<T>): Promise<T> {
  return withRetry(() => call().catch((error: unknown) => Promise.reject(toAzureError(error))));
}

export async function serviceEndpointApi(credential: DevopsCredential, organization: string): Promise<IServiceEndpointApi> {
  const entry = await entryFor(credential, organization);
  return devopsCall(() => memo(entry, "endpoints", () => entry.web.getServiceEndpointApi()));
}

export async function coreApi(credential: DevopsCredential, organization: string): Promise<ICoreApi> {
  const entry = await entryFor(credential, organization);
  return devopsCall(() => memo(entry, "core", () => entry.web.getCoreApi()));
}

/** Drops the cached clients of one credential (a PAT that was only being checked). */
export function forgetDevopsClients(credential: DevopsCredential): void {
  for (const key of entries.keys()) if (key.startsWith(`${credential.key}|`)) entries.delete(key);
}

/** For tests: drop every cached client. */
export function clearDevopsClients(): void {
  entries.clear();
}
