import "server-only";
import type { Db } from "@/db";
import { getApiKeyByHash, touchApiKey } from "@/db/queries/api-keys";
import { hashApiKey, sameHash } from "./format";

export type VerifiedKey = { id: string; tenantId: string; name: string; prefix: string };

/**
 * Checks a well-formed key: found by its SHA-256, the stored hash compared again in constant
 * time, not revoked. Records the use. Null for unknown and revoked alike, so a caller cannot tell
 * whether a key ever existed.
 */
export async function verifyApiKey(db: Db, { key, prefix, now = new Date() }: { key: string; prefix: string; now?: Date }): Promise<VerifiedKey | null> {
  const hash = hashApiKey(key);
  const row = await getApiKeyByHash(db, { hash });
  if (!row || !sameHash(row.hash, hash) || row.prefix !== prefix || row.revokedAt) return null;
  await touchApiKey(db, { id: row.id, at: now });
  return { id: row.id, tenantId: row.tenantId, name: row.name, prefix: row.prefix };
}
