import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "../index";
import { withTransaction } from "../transaction";
import { consumerScans, watchedOrganizations, type ConsumerScan, type StoredConsumer, type UnreadablePart, type WatchedOrganization } from "../schema";

/**
 * The organizations a tenant has Rotor watch, and the latest consumer scan of each application.
 * Each write is one statement (an upsert of one row), so it is whole or absent on any engine and a
 * failure half-way through a scan of many applications leaves each one's previous scan intact.
 */

export async function getWatchedOrganizations(db: Db, { tenantId }: { tenantId: string }): Promise<WatchedOrganization[]> {
  const [row] = await db.select().from(watchedOrganizations).where(eq(watchedOrganizations.tenantId, tenantId));
  return row?.organizations ?? [];
}

/** Replaces the tenant's watched organizations; returns the list as it was, for the audit entry. */
export async function setWatchedOrganizations(
  db: Db,
  { tenantId, userId, organizations, now = new Date() }: { tenantId: string; userId: string | null; organizations: WatchedOrganization[]; now?: Date },
): Promise<WatchedOrganization[]> {
  return withTransaction(db, async (tx) => {
    const before = await getWatchedOrganizations(tx, { tenantId });
    await tx
      .insert(watchedOrganizations)
      .values({ tenantId, organizations, updatedAt: now, updatedBy: userId })
      .onConflictDoUpdate({ target: watchedOrganizations.tenantId, set: { organizations, updatedAt: now, updatedBy: userId } });
    return before;
  });
}

export type ConsumerScanInput = {
  tenantId: string;
  applicationId: string;
  scannedAt: Date;
  organizations: string[];
  consumers: StoredConsumer[];
  unreadable: UnreadablePart[];
};

/** Stores an application's latest scan in place of the one before. */
export async function saveConsumerScan(db: Db, scan: ConsumerScanInput): Promise<void> {
  return withTransaction(db, async (tx) => {
    const { applicationId, ...rest } = scan;
    await tx.insert(consumerScans).values(scan).onConflictDoUpdate({ target: consumerScans.applicationId, set: rest });
  });
}

/** The latest scan of one application of the tenant, or null when it was never scanned. */
export async function getConsumerScan(db: Db, { tenantId, applicationId }: { tenantId: string; applicationId: string }): Promise<ConsumerScan | null> {
  const [row] = await db.select().from(consumerScans).where(and(eq(consumerScans.tenantId, tenantId), eq(consumerScans.applicationId, applicationId)));
  return row ?? null;
}
