import { createHash, randomBytes } from "node:crypto";
import { ROTOR_APP } from "../../emulator/seed";

export type SignedInUser = { id: string; tenantId: string; homeTenantId: string; oid: string };

/**
 * Signs a seeded user in the way Auth.js does (code flow with PKCE against the emulator) and
 * records the sign-in with Rotor's own code, so the user has a sealed refresh token. Shared by
 * the integration tests and the benchmarks.
 */
export async function signInThroughEmulator(urls: { http: string; https: string }, userKey: string): Promise<SignedInUser> {
  const { recordSignIn } = await import("@/lib/auth/record-sign-in");
  const { identityFromClaims } = await import("@/lib/auth/claims");
  const { env } = await import("@/lib/env");
  const { decodeJwt } = await import("jose");
  const tokens = await emulatorCodeFlow(urls, { userKey, clientSecret: env().clientSecret });
  const identity = identityFromClaims(decodeJwt(tokens.id_token))!;
  const recorded = await recordSignIn(identity, {
    provider: "microsoft-entra-id",
    providerAccountId: `${identity.tenantId}.${identity.oid}`,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
  });
  return { id: recorded.userId, tenantId: identity.tenantId, homeTenantId: identity.homeTenantId, oid: identity.oid };
}

type Tokens = { id_token: string; access_token: string; refresh_token: string; expires_in: number };

/** The code flow with PKCE Auth.js runs, against the emulator: pick `userKey`, redeem the code. */
export async function emulatorCodeFlow(
  urls: { http: string; https: string },
  { userKey, clientSecret, scope = "openid profile email offline_access User.Read" }: { userKey: string; clientSecret: string; scope?: string },
): Promise<Tokens> {
  const redirectUri = "http://localhost:3999/api/auth/callback/microsoft-entra-id";
  const verifier = randomBytes(32).toString("base64url");
  const authorize = await fetch(`${urls.http}/common/oauth2/v2.0/authorize`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({
      client_id: ROTOR_APP.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      scope,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      user: userKey,
    }),
  });
  const code = new URL(authorize.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${urls.https}/common/oauth2/v2.0/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${ROTOR_APP.clientId}:${clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri }),
  });
  return (await res.json()) as Tokens;
}
