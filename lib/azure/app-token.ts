import "server-only";
import { ClientSecretCredential } from "@azure/identity";
import { env } from "@/lib/env";
import { sentence } from "./answers";
import { AzureError } from "./errors";
import { firstLine } from "./http";
import { DEVOPS_SCOPE, GRAPH_SCOPE } from "./resources";
import { withTokenDeadline } from "./token-timeout";

const credentials = new Map<string, ClientSecretCredential>();
const MAX_RETRIES = 3;

/** Rotor's service principal in a tenant; @azure/identity caches and renews its tokens. */
function credentialFor(tenantId: string): ClientSecretCredential {
  let credential = credentials.get(tenantId);
  if (!credential) {
    const config = env();
    credential = new ClientSecretCredential(tenantId, config.clientId, config.clientSecret, {
      authorityHost: config.urls.login,
      disableInstanceDiscovery: true,
      retryOptions: { maxRetries: MAX_RETRIES },
    });
    credentials.set(tenantId, credential);
  }
  return credential;
}

/** An app-only token of Rotor's service principal for Graph or Azure DevOps in `tenantId`. */
export async function appToken(tenantId: string, resource: "graph" | "devops"): Promise<string> {
  // @azure/identity sets no timeout of its own: without one a hung Entra ID would hang the caller.
  // Twice the timeout of one call leaves room for its own retry of a server fault.
  const credential = credentialFor(tenantId);
  let token: unknown;
  try {
    token = (await withTokenDeadline(env().azureTimeoutMs * 2, (abortSignal) => credential.getToken(resource === "graph" ? GRAPH_SCOPE : DEVOPS_SCOPE, { abortSignal })))?.token;
  } catch (error) {
    if (error instanceof AzureError) {
      // The next attempt starts afresh, not waiting on the request that hung.
      credentials.delete(tenantId);
      throw error;
    }
    throw new AzureError("entra", 401, `Rotor's service principal could not get a token in this tenant: ${reason(error)}`, "app_token_failed");
  }
  if (typeof token !== "string" || !token) {
    throw new AzureError("entra", 401, "Rotor's service principal could not get a token in this tenant: Microsoft Entra ID sent a token answer without a token.", "app_token_failed");
  }
  return token;
}

/**
 * Entra ID's sentence (AADSTS…), without MSAL's prefix or the trace, correlation and time lines. MSAL reports an answer it could not read,
 * a server fault that outlasted the retries and a refused connection all as `network_error`.
 */
function reason(error: unknown): string {
  const first = firstLine((error as Error)?.message ?? "");
  // MSAL prefixes Entra's sentence with "invalid_client: Error(s): 7000215 - Timestamp: … - Description: ".
  const message = first.includes("AADSTS") ? first.slice(first.indexOf("AADSTS")) : first;
  if (/network_error|endpoints_resolution_error/.test(message)) return "Microsoft Entra ID failed, could not be reached, or sent an answer Rotor cannot read.";
  // MSAL itself trips over some malformed answers (a TypeError inside it).
  return (error instanceof TypeError ? undefined : sentence(message)) ?? "Microsoft Entra ID sent a token answer Rotor cannot read.";
}

/** For tests: forget every credential and its cached tokens. */
export function clearAppTokens(): void {
  credentials.clear();
}
