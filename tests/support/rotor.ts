import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPS, ROTOR_APP } from "../../emulator/seed";
import { emulator } from "./emulator";

/**
 * Points Rotor's own modules (lib/env) at the test emulator with a database of this test file's
 * own. Call before the first use of any lib/ or db/ module in the file.
 */
export function useTestEmulator(): void {
  process.env.ROTOR_PROFILE = "embedded";
  process.env.LOG_LEVEL ??= "warn";
  process.env.ROTOR_DATA_DIR = emulator().dataDir;
  process.env.ROTOR_DATABASE_FILE = join(mkdtempSync(join(tmpdir(), "rotor-it-")), "rotor.db");
  process.env.ROTOR_EMULATOR_HTTP_PORT = new URL(emulator().http).port;
  process.env.ROTOR_EMULATOR_HTTPS_PORT = new URL(emulator().https).port;
}

export type TestUser = { id: string; tenantId: string; homeTenantId: string; oid: string };

/**
 * Signs a seeded user in the way Auth.js does (code flow with PKCE against the emulator) and
 * records the sign-in with Rotor's own code, so the user has a sealed refresh token.
 */
export async function signIn(userKey: string): Promise<TestUser> {
  const { recordSignIn } = await import("@/lib/auth/record-sign-in");
  const { identityFromClaims } = await import("@/lib/auth/claims");
  const { decodeJwt } = await import("jose");
  const { env } = await import("@/lib/env");
  const redirectUri = "http://localhost:3999/api/auth/callback/microsoft-entra-id";
  const verifier = randomBytes(32).toString("base64url");
  const authorize = await fetch(`${emulator().http}/common/oauth2/v2.0/authorize`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({
      client_id: ROTOR_APP.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      scope: "openid profile email offline_access User.Read",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      user: userKey,
    }),
  });
  const code = new URL(authorize.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${emulator().https}/common/oauth2/v2.0/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${ROTOR_APP.clientId}:${env().clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri }),
  });
  const tokens = (await res.json()) as { id_token: string; access_token: string; refresh_token: string; expires_in: number };
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

/** The emulator's requests since `mark()`, for asserting how many calls a client function made. */
export async function requestsSince(seq: number): Promise<{ method: string; path: string; status: number }[]> {
  const body = (await (await fetch(`${emulator().http}/_emulator/requests?since=${seq}`)).json()) as { value: { method: string; path: string; status: number }[] };
  return body.value;
}

export async function mark(): Promise<number> {
  return ((await (await fetch(`${emulator().http}/_emulator/requests`)).json()) as { seq: number }).seq;
}

export async function addFault(rule: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emulator().http}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  return ((await res.json()) as { id: string }).id;
}

export async function removeFault(id: string): Promise<void> {
  await fetch(`${emulator().http}/_emulator/faults/${id}`, { method: "DELETE" });
}

export async function mintPat(userKey: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${emulator().http}/_emulator/devops/pats`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userKey, ...extra }) });
  return ((await res.json()) as { token: string }).token;
}

export const seededApp = (key: string) => APPS.find((a) => a.key === key)!;
