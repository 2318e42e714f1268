import "server-only";
import type { Keyring } from "@/lib/crypto/secret-box";
import { accountTokenContext as context } from "@/lib/crypto/contexts";
import { open, seal } from "@/lib/crypto/secret-box";
import { and, eq, gt, inArray, lt, notExists, sql } from "drizzle-orm";
import type { Db } from "../index";
import { accounts, sessions, users } from "../schema";

export type ProviderTokens = {
  accessToken?: string | null;
  refreshToken?: string | null;
  expiresAt?: Date | null;
  scope?: string | null;
  tokenType?: string | null;
};

type AccountKey = { provider: string; providerAccountId: string };

/** Keeps the provider tokens of a sign-in, sealed; the browser never sees them. */
export function saveProviderTokens(
  db: Db,
  keyring: Keyring,
  { userId, key, tokens, now = new Date() }: { userId: string; key: AccountKey; tokens: ProviderTokens; now?: Date },
): void {
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
  db.insert(accounts)
    .values(values)
    .onConflictDoUpdate({ target: [accounts.provider, accounts.providerAccountId], set: values })
    .run();
}

export function getProviderTokens(db: Db, keyring: Keyring, key: AccountKey): (ProviderTokens & { userId: string }) | null {
  const row = db
    .select()
    .from(accounts)
    .where(and(eq(accounts.provider, key.provider), eq(accounts.providerAccountId, key.providerAccountId)))
    .get();
  if (!row) return null;
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
export function getProviderTokensForUser(db: Db, keyring: Keyring, { userId }: { userId: string }) {
  const row = db.select().from(accounts).where(eq(accounts.userId, userId)).get();
  return row ? { key: { provider: row.provider, providerAccountId: row.providerAccountId }, ...getProviderTokens(db, keyring, row)! } : null;
}

/** Keeps the refresh token Entra ID rotated on a refresh, sealed. */
export function replaceRefreshToken(db: Db, keyring: Keyring, { key, refreshToken }: { key: AccountKey; refreshToken: string }): void {
  db.update(accounts)
    .set({ refreshTokenSealed: seal(keyring, refreshToken, context(key, "refresh_token")), updatedAt: new Date() })
    .where(and(eq(accounts.provider, key.provider), eq(accounts.providerAccountId, key.providerAccountId)))
    .run();
}

/** Forgets a user's provider tokens (sign-out, ended sessions); true when there were any. */
export function deleteProviderTokens(db: Db, { userId }: { userId: string }): boolean {
  return db.delete(accounts).where(eq(accounts.userId, userId)).run().changes > 0;
}

/**
 * Deletes the provider tokens of people inactive since `before`: no session open now and the
 * tokens last used (or saved) before then. Returns whose were deleted, for the audit log.
 */
export function pruneIdleProviderTokens(db: Db, { before, now = new Date() }: { before: Date; now?: Date }): { userId: string; tenantId: string }[] {
  const idle = db
    .select({ userId: accounts.userId, tenantId: users.tenantId })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(
      and(
        lt(accounts.updatedAt, before),
        notExists(db.select({ one: sql`1` }).from(sessions).where(and(eq(sessions.userId, accounts.userId), gt(sessions.expiresAt, now)))),
      ),
    )
    .all();
  if (idle.length) db.delete(accounts).where(inArray(accounts.userId, idle.map((r) => r.userId))).run();
  return idle;
}
