import "server-only";
import { and, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../index";
import { apiKeys, applications, type Application } from "../schema";
import { withTransaction } from "../transaction";

export type ApiKey = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  db: Db,
  values: Pick<typeof apiKeys.$inferInsert, "id" | "tenantId" | "name" | "prefix" | "hash" | "createdBy" | "createdAt">,
): Promise<ApiKey> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx.insert(apiKeys).values(values).returning();
    return row!;
  });
}

/** The tenant's keys, newest first (revoked ones too: the list shows them as revoked). */
export async function listApiKeys(db: Db, { tenantId }: { tenantId: string }): Promise<ApiKey[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** A key's name by its id, in any tenant: how the audit log and "requested by" name it. */
export async function getApiKeyName(db: Db, { id }: { id: string }): Promise<string | null> {
  const [key] = await db.select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return key?.name ?? null;
}

/** By the SHA-256 of the presented key; the caller still compares the hash in constant time. */
export async function getApiKeyByHash(db: Db, { hash }: { hash: string }): Promise<ApiKey | null> {
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash)).limit(1);
  return key ?? null;
}

/** Revokes a live key of the tenant; the row as revoked, or null when there is no live key with that id. */
export async function revokeApiKey(db: Db, { tenantId, id, revokedBy, at = new Date() }: { tenantId: string; id: string; revokedBy: string; at?: Date }): Promise<ApiKey | null> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: at, revokedBy })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
      .returning();
    return row ?? null;
  });
}

export async function touchApiKey(db: Db, { id, at = new Date() }: { id: string; at?: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
  });
}

/**
 * The application an API key of `tenantId` may act on: `ref` is Rotor's application id or the
 * Entra application (client) id, always looked up inside the key's tenant, so another tenant's
 * application is simply not found.
 */
export async function getApplicationForApiKey(db: Db, { tenantId, ref }: { tenantId: string; ref: string }): Promise<Application | null> {
  const rows = await db
    .select()
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), or(eq(applications.id, ref), eq(applications.appId, ref))));
  // Rotor's own id wins should an appId ever equal another row's id (both are GUIDs).
  return rows.find((row) => row.id === ref) ?? rows[0] ?? null;
}
