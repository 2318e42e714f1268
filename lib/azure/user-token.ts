import "server-only";
import { getDb } from "@/db";
import { getProviderTokensForUser, replaceRefreshToken } from "@/db/queries/accounts";
import { env } from "@/lib/env";
import { z } from "zod";
import { readAnswer } from "./answers";
import { AzureError, ConsentRequiredError, SignInRequiredError } from "./errors";
import { azureFetch } from "./http";
import { DEVOPS_SCOPE } from "./resources";
import { withRetry } from "./retry";

/** Entra ID's token answer; v1 endpoints sent expires_in as a string of digits. */
const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive().max(31 * 86_400),
  refresh_token: z.string().min(1).nullish(),
});

const cache = new Map<string, { token: string; expiresAt: number }>();
const inflight = new Map<string, Promise<string>>();
const EARLY_MS = 2 * 60_000;

/** Where a user grants Rotor delegated access to Azure DevOps (then comes back to `returnTo`). */
export function devopsConsentUrl(returnTo = "/applications"): string {
  return `/api/devops/consent?returnTo=${encodeURIComponent(returnTo)}`;
}

/**
 * A delegated Azure DevOps token for a signed-in user, redeemed from their sealed refresh token
 * (in `tenantId`: their own tenant, or a guest's home tenant). Cached until shortly before it
 * expires; concurrent callers share one refresh.
 */
export async function userDevopsToken(user: { id: string; tenantId: string }, tenantId = user.tenantId): Promise<string> {
  const key = `${user.id}|${tenantId}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt - EARLY_MS > Date.now()) return hit.token;
  const running = inflight.get(key);
  if (running) return running;
  const refresh = redeem(user.id, tenantId)
    .then(({ token, expiresAt }) => {
      cache.set(key, { token, expiresAt });
      return token;
    })
    .finally(() => inflight.delete(key));
  inflight.set(key, refresh);
  return refresh;
}

async function redeem(userId: string, tenantId: string): Promise<{ token: string; expiresAt: number }> {
  const db = await getDb();
  const config = env();
  const account = await getProviderTokensForUser(db, config.keyring, { userId });
  if (!account?.refreshToken) throw new SignInRequiredError();
  const form = new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: account.refreshToken,
    scope: `${DEVOPS_SCOPE} offline_access`,
    client_id: config.clientId,
  });
  let body: z.output<typeof tokenAnswer>;
  try {
    const answer = await withRetry(() =>
      azureFetch<unknown>("entra", `${config.urls.login}/${tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: form,
      }),
    );
    body = readAnswer("entra", "the Azure DevOps token", tokenAnswer, answer.body);
  } catch (error) {
    throw classify(error);
  }
  // Entra ID rotates refresh tokens; keep the newest (only the sign-in tenant's is stored).
  if (body.refresh_token && tenantId === account.key.providerAccountId.split(".")[0]) {
    await replaceRefreshToken(db, config.keyring, { key: account.key, refreshToken: body.refresh_token });
  }
  return { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

/** AADSTS65001: no consent; 70008/700082/50173/50076: the refresh token is no longer good. */
function classify(error: unknown): unknown {
  if (!(error instanceof AzureError)) return error;
  const code = Number(error.message.match(/^AADSTS(\d+)/)?.[1]);
  if (code === 65001 || error.code === "consent_required") return new ConsentRequiredError(devopsConsentUrl());
  if ([70008, 700082, 50173, 50076, 50079, 50020].includes(code) || error.code === "invalid_grant") return new SignInRequiredError();
  return error;
}

/** For tests: forget cached tokens. */
export function clearUserTokenCache(): void {
  cache.clear();
}
