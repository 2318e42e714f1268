import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/db";
import { getDevopsSettings } from "@/db/queries/tenants";
import { patContext } from "@/lib/crypto/contexts";
import { open } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appToken } from "../app-token";
import { userDevopsToken } from "../user-token";

/**
 * Who Rotor speaks to Azure DevOps as. `key` names the identity for client caches; the secret
 * itself is produced only when a request is made.
 */
export type DevopsCredential =
  | { kind: "bearer"; key: string; token: () => Promise<string> }
  | { kind: "pat"; key: string; pat: () => string };

/** The signed-in user, delegated (for the dialog's look-ups); `tenantId` differs for a guest's home tenant. */
export function userCredential(user: { id: string; tenantId: string }, tenantId = user.tenantId): DevopsCredential {
  return { kind: "bearer", key: `user:${user.id}:${tenantId}`, token: () => userDevopsToken(user, tenantId) };
}

/** Rotor's service principal in a tenant. */
export function servicePrincipalCredential(tenantId: string): DevopsCredential {
  return { kind: "bearer", key: `sp:${tenantId}`, token: () => appToken(tenantId, "devops") };
}

/** A personal access token (opened from its sealed form only when a request needs it). */
export function patCredential(tenantId: string, sealedPat: string): DevopsCredential {
  return { kind: "pat", key: `pat:${tenantId}:${sealedPat.split(".")[2] ?? ""}`, pat: () => open(env().keyring, sealedPat, patContext(tenantId)) };
}

/** A PAT typed by an admin and not yet saved (it is checked before it is sealed). */
export function patCredentialFromText(pat: string): DevopsCredential {
  return { kind: "pat", key: `pat-check:${createHash("sha256").update(pat).digest("hex").slice(0, 16)}`, pat: () => pat };
}

/** The tenant credential that writes service connections: the service principal, or the tenant's PAT. */
export async function tenantCredential(tenantId: string): Promise<DevopsCredential> {
  const settings = await getDevopsSettings(await getDb(), { tenantId });
  if (!settings || settings.useServicePrincipal) return servicePrincipalCredential(tenantId);
  if (!settings.patSealed) throw new AppError("invalid_input", "Provide a PAT in tenant Azure DevOps settings");
  return patCredential(tenantId, settings.patSealed);
}

/** The Authorization header value for a fetch call. */
export async function authorizationHeader(credential: DevopsCredential): Promise<string> {
  return credential.kind === "bearer"
    ? `Bearer ${await credential.token()}`
    : `Basic ${Buffer.from(`:${credential.pat()}`).toString("base64")}`;
}
