import "server-only";
import { and, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../index";
import { apiKeys, applications, type Application } from "../schema";

export type ApiKey = typeof apiKeys.$inferSelect;

export function insertApiKey(
  db: Db,
  values: { id: string; tenantId: string; name: string; prefix: string; hash: string; createdBy: string; createdAt?: Date },
): ApiKey {
  return db.insert(apiKeys).values(values).returning().get();
}

/** The tenant's keys, newest first (revoked ones too: the list shows them as revoked). */
export function listApiKeys(db: Db, { tenantId }: { tenantId: string }): ApiKey[] {
  return db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).all();
}

export function getApiKey(db: Db, { tenantId, id }: { tenantId: string; id: string }): ApiKey | null {
  return db.select().from(apiKeys).where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId))).get() ?? null;
}

/** By the SHA-256 of the presented key; the caller still compares the hash in constant time. */
export function getApiKeyByHash(db: Db, { hash }: { hash: string }): ApiKey | null {
  return db.select().from(apiKeys).where(eq(apiKeys.hash, hash)).get() ?? null;
}

/** Revokes a live key of the tenant; the row as revoked, or null when there is no live key with that id. */
export function revokeApiKey(db: Db, { tenantId, id, revokedBy, at = new Date() }: { tenantId: string; id: string; revokedBy: string; at?: Date }): ApiKey | null {
  return (
    db
      .update(apiKeys)
      .set({ revokedAt: at, revokedBy })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
      .returning()
      .get() ?? null
  );
}

export function touchApiKey(db: Db, { id, at = new Date() }: { id: string; at?: Date }): void {
  db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id)).run();
}

/**
 * The application an API key of `tenantId` may act on: `ref` is Rotor's application id or the
 * Entra application (client) id, always looked up inside the key's tenant, so another tenant's
 * application is simply not found.
 */
export function getApplicationForApiKey(db: Db, { tenantId, ref }: { tenantId: string; ref: string }): Application | null {
  const rows = db
    .select()
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), or(eq(applications.id, ref), eq(applications.appId, ref))))
    .all();
  // Rotor's own id wins should an appId ever equal another row's id (both are GUIDs).
  return rows.find((row) => row.id === ref) ?? rows[0] ?? null;
}
