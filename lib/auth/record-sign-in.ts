import "server-only";
import { getDb } from "@/db";
import { saveProviderTokens } from "@/db/queries/accounts";
import { writeAudit } from "@/db/queries/audit";
import { ensureTenant, getTenant } from "@/db/queries/tenants";
import { upsertSignedInUser } from "@/db/queries/users";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { isTenantAdmin, type Identity } from "./claims";
import { withTransaction } from "@/db/transaction";

export type SessionIdentity = {
  userId: string;
  tenantId: string;
  tenantName: string;
  role: "admin" | "member";
  isGuest: boolean;
};

type ProviderAccount = {
  provider: string;
  providerAccountId: string;
  access_token?: string;
  refresh_token?: string;
  expires_at?: number;
  scope?: string;
  token_type?: string;
};

/** The directory's display name, asked of Graph once per new tenant; the domain when Graph will not say. */
async function tenantDisplayName(identity: Identity, accessToken: string | undefined): Promise<string> {
  const fallback = identity.email?.split("@")[1] ?? identity.tenantId;
  if (!accessToken) return fallback;
  try {
    const res = await fetch(`${env().urls.graph}/v1.0/organization?$select=id,displayName`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) return fallback;
    const body = (await res.json()) as { value?: { displayName?: string }[] };
    return body.value?.[0]?.displayName || fallback;
  } catch (error) {
    logger.warn({ err: (error as Error).message, tenantId: identity.tenantId }, "could not read the tenant's name from Graph");
    return fallback;
  }
}

/** Records a successful sign-in: tenant, user and role, sealed provider tokens, and an audit entry. */
export async function recordSignIn(identity: Identity, account: ProviderAccount): Promise<SessionIdentity> {
  const db = await getDb();
  const { keyring, bootstrapAdmins } = env();
  const tenantName = (await getTenant(db, { tenantId: identity.tenantId }))?.name ?? (await tenantDisplayName(identity, account.access_token));
  const role = isTenantAdmin(identity, bootstrapAdmins) ? "admin" : "member";

  const result = await withTransaction(db, async () => {
    const tenant = await ensureTenant(db, { tenantId: identity.tenantId, name: tenantName });
    const user = await upsertSignedInUser(db, {
      tenantId: identity.tenantId,
      oid: identity.oid,
      homeTenantId: identity.homeTenantId,
      email: identity.email,
      name: identity.name,
      role,
    });
    await saveProviderTokens(db, keyring, {
      userId: user.id,
      key: { provider: account.provider, providerAccountId: account.providerAccountId },
      tokens: {
        accessToken: account.access_token,
        refreshToken: account.refresh_token,
        expiresAt: account.expires_at ? new Date(account.expires_at * 1000) : null,
        scope: account.scope,
        tokenType: account.token_type,
      },
    });
    await writeAudit(db, {
      tenantId: tenant.id,
      actor: { type: "user", id: user.id, name: user.name },
      action: "user.signed_in",
      target: { type: "user", id: user.id },
      detail: { role, guest: identity.isGuest, homeTenantId: identity.homeTenantId },
    });
    return { userId: user.id, tenantId: tenant.id, tenantName: tenant.name, role, isGuest: identity.isGuest } as const;
  });
  logger.info({ userId: result.userId, tenantId: result.tenantId, role: result.role, guest: result.isGuest }, "user signed in");
  return result;
}
