import "server-only";
import { ClientSecretCredential } from "@azure/identity";
import { env } from "@/lib/env";
import { AzureError } from "./errors";
import { DEVOPS_SCOPE, GRAPH_SCOPE } from "./resources";

const credentials = new Map<string, ClientSecretCredential>();

/** Rotor's service principal in a tenant; @azure/identity caches and renews its tokens. */
function credentialFor(tenantId: string): ClientSecretCredential {
  let credential = credentials.get(tenantId);
  if (!credential) {
    const config = env();
    credential = new ClientSecretCredential(tenantId, config.clientId, config.clientSecret, {
      authorityHost: config.urls.login,
      disableInstanceDiscovery: true,
      retryOptions: { maxRetries: 3 },
    });
    credentials.set(tenantId, credential);
  }
  return credential;
}

/** An app-only token of Rotor's service principal for Graph or Azure DevOps in `tenantId`. */
export async function appToken(tenantId: string, resource: "graph" | "devops"): Promise<string> {
  try {
    const result = await credentialFor(tenantId).getToken(resource === "graph" ? GRAPH_SCOPE : DEVOPS_SCOPE);
    return result.token;
  } catch (error) {
    const message = (error as Error).message.split("\n")[0]?.split(" Trace ID:")[0] ?? "";
    throw new AzureError("entra", 401, `Rotor's service principal could not get a token in this tenant: ${message}`, "app_token_failed");
  }
}
