import "server-only";
import { and, asc, eq, lte } from "drizzle-orm";
import type { Db } from "../index";
import { withTransaction } from "../transaction";
import { latestExpiryOf } from "./credential-snapshots";
import type { CredentialSnapshotEntry, UnmanagedSnapshot } from "../schema";
import { unmanagedSnapshots } from "../tables";

/** Rows per INSERT: well under every engine's limit of bound parameters. */
const BATCH = 500;

export type NewUnmanagedSnapshot = { appId: string; displayName: string; credentials: CredentialSnapshotEntry[] };


/**
 * Replaces the tenant's unmanaged applications with those of one Graph answer taken at `takenAt`:
 * an application no longer owned, or now managed, drops out. An older answer never replaces a
 * newer one (a slow refresh finishing after a faster one). Answers how many were written.
 */
export async function replaceUnmanagedSnapshots(db: Db, { tenantId, snapshots, takenAt }: { tenantId: string; snapshots: NewUnmanagedSnapshot[]; takenAt: Date }): Promise<number> {
  return withTransaction(db, async (tx) => {
    const [newer] = await tx.select({ takenAt: unmanagedSnapshots.takenAt }).from(unmanagedSnapshots).where(eq(unmanagedSnapshots.tenantId, tenantId)).limit(1);
    if (newer && newer.takenAt > takenAt) return 0;
    await tx.delete(unmanagedSnapshots).where(and(eq(unmanagedSnapshots.tenantId, tenantId), lte(unmanagedSnapshots.takenAt, takenAt)));
    let written = 0;
    for (let i = 0; i < snapshots.length; i += BATCH) {
      const rows = snapshots.slice(i, i + BATCH).map((s) => ({ ...s, tenantId, latestExpiry: latestExpiryOf(s.credentials), takenAt }));
      written += (await tx.insert(unmanagedSnapshots).values(rows).returning({ appId: unmanagedSnapshots.appId })).length;
    }
    return written;
  });
}

/** The tenant's owned-but-unmanaged applications, soonest to run out first. Admins only (the caller checks). */
export async function listUnmanagedSnapshots(db: Db, { tenantId }: { tenantId: string }): Promise<UnmanagedSnapshot[]> {
  return db.select().from(unmanagedSnapshots).where(eq(unmanagedSnapshots.tenantId, tenantId)).orderBy(asc(unmanagedSnapshots.latestExpiry));
}
