import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../index";
import { withTransaction } from "../transaction";
import { type CredentialSnapshot, type CredentialSnapshotEntry } from "../schema";
import { credentialSnapshots } from "../tables";

/** Rows per INSERT: well under every engine's limit of bound parameters. */
const BATCH = 500;

export type NewCredentialSnapshot = { applicationId: string; tenantId: string; owned: boolean; credentials: CredentialSnapshotEntry[] };

/** When the application runs out of working secrets; null when it has none. */
export function latestExpiryOf(credentials: CredentialSnapshotEntry[]): Date | null {
  const ends = credentials.map((c) => Date.parse(c.endDateTime)).filter((t) => Number.isFinite(t));
  return ends.length ? new Date(Math.max(...ends)) : null;
}

/** Stores (or replaces) the snapshots of these applications, all taken at `takenAt`. Answers how many were written. */
export async function saveCredentialSnapshots(db: Db, { snapshots, takenAt }: { snapshots: NewCredentialSnapshot[]; takenAt: Date }): Promise<number> {
  return withTransaction(db, async (tx) => {
    let written = 0;
    for (let i = 0; i < snapshots.length; i += BATCH) {
      const rows = snapshots.slice(i, i + BATCH).map((s) => ({ ...s, latestExpiry: latestExpiryOf(s.credentials), takenAt }));
      const saved = await tx
        .insert(credentialSnapshots)
        .values(rows)
        .onConflictDoUpdate({
          target: credentialSnapshots.applicationId,
          set: {
            owned: sql`excluded.owned`,
            credentials: sql`excluded.credentials`,
            latestExpiry: sql`excluded.latest_expiry`,
            takenAt: sql`excluded.taken_at`,
          },
          // An older answer never replaces a newer one (a slow refresh finishing after a rotation's).
          setWhere: sql`${credentialSnapshots.takenAt} <= excluded.taken_at`,
        })
        .returning({ applicationId: credentialSnapshots.applicationId });
      written += saved.length;
    }
    return written;
  });
}

/**
 * The snapshots of a tenant's applications — all of them, or those named — by application id. The
 * tenant is always part of the query, so an id of another tenant finds nothing. Shared by the
 * Applications page and the expiry overview.
 */
export async function listCredentialSnapshots(db: Db, { tenantId, applicationIds }: { tenantId: string; applicationIds?: string[] }): Promise<Map<string, CredentialSnapshot>> {
  if (applicationIds && applicationIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(credentialSnapshots)
    .where(and(eq(credentialSnapshots.tenantId, tenantId), applicationIds ? inArray(credentialSnapshots.applicationId, applicationIds) : undefined))
    .orderBy(asc(credentialSnapshots.latestExpiry));
  return new Map(rows.map((r) => [r.applicationId, r]));
}
