import "server-only";
import { ClientSecretCredential } from "@azure/identity";
import { GRAPH_SCOPE } from "@/lib/azure/resources";
import { withTokenDeadline } from "@/lib/azure/token-timeout";
import { env } from "@/lib/env";

/**
 * Waits until Entra ID accepts the application's new secret: a client-credentials token request
 * made with it, retried with backoff while the secret propagates (seconds, in practice), until
 * `timeoutMs`. Returns whether it worked; the secret is used only for this request.
 */
export async function waitUntilSecretWorks(
  { tenantId, appId, secret }: { tenantId: string; appId: string; secret: string },
  { timeoutMs = env().propagationTimeoutMs, onAttempt }: { timeoutMs?: number; onAttempt?: (attempt: number, error: string) => void | Promise<void> } = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      const credential = new ClientSecretCredential(tenantId, appId, secret, {
        authorityHost: env().urls.login,
        disableInstanceDiscovery: true,
        retryOptions: { maxRetries: 0 },
      });
      // A hung token request must not hold the rotation past its deadline.
      const answer = await withTokenDeadline(Math.max(1, Math.min(env().azureTimeoutMs, deadline - Date.now())), (abortSignal) => credential.getToken(GRAPH_SCOPE, { abortSignal }));
      if (typeof answer?.token === "string" && answer.token) return true;
      throw new Error("not accepted yet");
    } catch (error) {
      const reason = ((error as Error).message.match(/AADSTS\d+/) ?? ["not accepted yet"])[0];
      await onAttempt?.(attempt, reason);
      if (Date.now() + delay > deadline) return false;
      await new Promise((done) => setTimeout(done, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
