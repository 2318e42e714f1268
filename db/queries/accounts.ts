import "server-only";
import type { Keyring } from "@/lib/crypto/secret-box";
import { accountTokenContext as context } from "@/lib/crypto/contexts";
import { open, seal } from "@/lib/crypto/secret-box";
import { and, eq, gt, inArray, lt, notExists, sql } from "drizzle-orm";
import type { Db } from "../index";
import { accounts, sessions, users } from "../schema";
import { withTransaction } from "../transaction";

export type ProviderTokens = {
  accessToken?: string | null;
  refreshToken?: string | null;
  expiresAt?: Date | null;
  scope?: string | null;
  tokenType?: string | null;
};

type AccountKey = { provider: string; providerAccountId: string };

/** Keeps the provider tokens of a sign-in, sealed; the browser never sees them. */
export async function saveProviderTokens(
  db: Db,
  keyring: Keyring,
  { userId, key, tokens, now = new Date() }: { userId: string; key: AccountKey; tokens: ProviderTokens; now?: Date },
): Promise<void> {
  const values = {
    userId,
    type: "oidc",
    ...key,
    accessTokenSealed: tokens.accessToken ? seal(keyring, tokens.accessToken, context(key, "access_token")) : null,
    refreshTokenSealed: tokens.refreshToken ? seal(keyring, tokens.refreshToken, context(key, "refresh_token")) : null,
    expiresAt: tokens.expiresAt ?? null,
    scope: tokens.scope ?? null,
    tokenType: tokens.tokenType ?? null,
    updatedAt: now,
  };
  await withTransaction(db, async (tx) => {
    await tx
      .insert(accounts)
      .values(values)
      .onConflictDoUpdate({ target: [accounts.provider, accounts.providerAccountId], set: values });
  });
}

export async function getProviderTokens(db: Db, keyring: Keyring, key: AccountKey): Promise<(ProviderTokens & { userId: string }) | null> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.provider, key.provider), eq(accounts.providerAccountId, key.providerAccountId)))
    .limit(1);
  return row ? openTokens(keyring, row) : null;
}

function openTokens(keyring: Keyring, row: typeof accounts.$inferSelect): ProviderTokens & { userId: string } {
  const key = { provider: row.provider, providerAccountId: row.providerAccountId };
  return {
    userId: row.userId,
    accessToken: row.accessTokenSealed ? open(keyring, row.accessTokenSealed, context(key, "access_token")) : null,
    refreshToken: row.refreshTokenSealed ? open(keyring, row.refreshTokenSealed, context(key, "refresh_token")) : null,
    expiresAt: row.expiresAt,
    scope: row.scope,
    tokenType: row.tokenType,
  };
}

/** The sign-in account of a user (Rotor keeps one per user: the Entra ID sign-in). */
export async function getProviderTokensForUser(db: Db, keyring: Keyring, { userId }: { userId: string }) {
  const [row] = await db.select().from(accounts).where(eq(accounts.userId, userId)).limit(1);
  return row ? { key: { provider: row.provider, providerAccountId: row.providerAccountId }, ...openTokens(keyring, row) } : null;
}

/** Keeps the refresh token Entra ID rotated on a refresh, sealed. */
export async function replaceRefreshToken(db: Db, keyring: Keyring, { key, refreshToken }: { key: AccountKey; refreshToken: string }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx
      .update(accounts)
      .set({ refreshTokenSealed: seal(keyring, refreshToken, context(key, "refresh_token")), updatedAt: new Date() })
      .where(and(eq(accounts.provider, key.provider), eq(accounts.providerAccountId, key.providerAccountId)));
  });
}

/** Forgets a user's provider tokens (sign-out, ended sessions); true when there were any. */
export async function deleteProviderTokens(db: Db, { userId }: { userId: string }): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const deleted = await tx.delete(accounts).where(eq(accounts.userId, userId)).returning({ userId: accounts.userId });
    return deleted.length > 0;
  });
}

/**
 * Deletes the provider tokens of people inactive since `before`: no session open now and the
 * tokens last used (or saved) before then. Returns whose were deleted, for the audit log.
 */
export async function pruneIdleProviderTokens(db: Db, { before, now = new Date() }: { before: Date; now?: Date }): Promise<{ userId: string; tenantId: string }[]> {
  return withTransaction(db, async (tx) => {
    const idle = await tx
    .select({ userId: accounts.userId, tenantId: users.tenantId })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(
      and(
        lt(accounts.updatedAt, before),
        notExists(tx.select({ one: sql`1` }).from(sessions).where(and(eq(sessions.userId, accounts.userId), gt(sessions.expiresAt, now)))),
      ),
    );
    if (idle.length) await tx.delete(accounts).where(inArray(accounts.userId, idle.map((r) => r.userId)));
    return idle;
  });
}
