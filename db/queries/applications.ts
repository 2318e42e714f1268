import "server-only";
import { and, asc, eq, exists, inArray, ne, notInArray, or } from "drizzle-orm";
import type { Db } from "../index";
import { type Application } from "../schema";
import { applicationOwners, applications } from "../tables";
import { withTransaction } from "../transaction";

/** Admins see every application of the tenant; anyone else, those they own in Entra. */
export async function listApplicationsForUser(
  db: Db,
  { tenantId, ownerOid, isAdmin }: { tenantId: string; ownerOid: string; isAdmin: boolean },
): Promise<Application[]> {
  const owned = exists(
    db
      .select()
      .from(applicationOwners)
      .where(and(eq(applicationOwners.applicationId, applications.id), eq(applicationOwners.ownerOid, ownerOid))),
  );
  return db
    .select()
    .from(applications)
    .where(isAdmin ? eq(applications.tenantId, tenantId) : and(eq(applications.tenantId, tenantId), owned))
    .orderBy(asc(applications.displayName));
}

/** Every application Rotor manages in the tenant (for admins' bulk work, e.g. the sync); `scheduled` keeps those on a schedule. */
export async function listTenantApplications(db: Db, { tenantId, scheduled }: { tenantId: string; scheduled?: boolean }): Promise<Application[]> {
  return db
    .select()
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), scheduled === undefined ? undefined : eq(applications.scheduleEnabled, scheduled)))
    .orderBy(asc(applications.displayName));
}

/** One application by Rotor's id, in any tenant: for background work that already holds the id (rotations). */
export async function getApplication(db: Db, { applicationId }: { applicationId: string }): Promise<Application | null> {
  const [app] = await db.select().from(applications).where(eq(applications.id, applicationId)).limit(1);
  return app ?? null;
}

/** One application of the tenant by Rotor's id; null when the tenant has no such application. */
export async function getTenantApplication(db: Db, { tenantId, applicationId }: { tenantId: string; applicationId: string }): Promise<Application | null> {
  const [app] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.tenantId, tenantId)))
    .limit(1);
  return app ?? null;
}

export async function getApplicationByAppId(db: Db, { tenantId, appId }: { tenantId: string; appId: string }): Promise<Application | null> {
  const [app] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), eq(applications.appId, appId)))
    .limit(1);
  return app ?? null;
}

/** Whether Rotor has recorded `ownerOid` as an owner of the application in Entra ID. */
export async function isRecordedOwner(db: Db, { applicationId, ownerOid }: { applicationId: string; ownerOid: string }): Promise<boolean> {
  const [row] = await db
    .select({ applicationId: applicationOwners.applicationId })
    .from(applicationOwners)
    .where(and(eq(applicationOwners.applicationId, applicationId), eq(applicationOwners.ownerOid, ownerOid)))
    .limit(1);
  return !!row;
}

/** Inserts a newly managed application with the default policy (the columns' defaults). */
export async function insertApplication(
  db: Db,
  values: Pick<typeof applications.$inferInsert, "id" | "tenantId" | "appId" | "objectId" | "displayName" | "createdBy">,
): Promise<Application> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx.insert(applications).values(values).returning();
    return row!;
  });
}

/** Refreshes what Rotor copies from Entra ID; true when it differed. */
export async function updateApplicationFromEntra(
  db: Db,
  { applicationId, displayName, objectId }: { applicationId: string; displayName: string; objectId: string },
): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const changed = await tx
      .update(applications)
      .set({ displayName, objectId })
      .where(and(eq(applications.id, applicationId), or(ne(applications.displayName, displayName), ne(applications.objectId, objectId))))
      .returning({ id: applications.id });
    return changed.length > 0;
  });
}

/** Deletes the application in the tenant (owners, rotations and their output go with it); the row as it was, or null. */
export async function deleteApplication(db: Db, { tenantId, applicationId }: { tenantId: string; applicationId: string }): Promise<Application | null> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx
      .delete(applications)
      .where(and(eq(applications.id, applicationId), eq(applications.tenantId, tenantId)))
      .returning();
    return row ?? null;
  });
}

export async function listOwnerOids(db: Db, { applicationId }: { applicationId: string }): Promise<string[]> {
  const rows = await db
    .select({ oid: applicationOwners.ownerOid })
    .from(applicationOwners)
    .where(eq(applicationOwners.applicationId, applicationId))
    .orderBy(asc(applicationOwners.ownerOid));
  return rows.map((r) => r.oid);
}

/** The stored owners of several applications at once: application id → owner object ids. */
export async function listOwnerOidsOf(db: Db, { applicationIds }: { applicationIds: string[] }): Promise<Map<string, string[]>> {
  const owners = new Map<string, string[]>(applicationIds.map((id) => [id, []]));
  if (applicationIds.length === 0) return owners;
  const rows = await db
    .select({ applicationId: applicationOwners.applicationId, oid: applicationOwners.ownerOid })
    .from(applicationOwners)
    .where(inArray(applicationOwners.applicationId, applicationIds))
    .orderBy(asc(applicationOwners.ownerOid));
  for (const row of rows) owners.get(row.applicationId)?.push(row.oid);
  return owners;
}

/** Makes the stored owners exactly `ownerOids`; returns how many were added and removed. */
export async function replaceApplicationOwners(
  db: Db,
  { applicationId, ownerOids, now = new Date() }: { applicationId: string; ownerOids: string[]; now?: Date },
): Promise<{ added: number; removed: number }> {
  const wanted = [...new Set(ownerOids)];
  return withTransaction(db, async (tx) => {
    const before = new Set(await listOwnerOids(tx, { applicationId }));
    const removed = await tx
      .delete(applicationOwners)
      .where(
        wanted.length
          ? and(eq(applicationOwners.applicationId, applicationId), notInArray(applicationOwners.ownerOid, wanted))
          : eq(applicationOwners.applicationId, applicationId),
      )
      .returning({ oid: applicationOwners.ownerOid });
    if (wanted.length) {
      await tx
        .insert(applicationOwners)
        .values(wanted.map((ownerOid) => ({ applicationId, ownerOid, syncedAt: now })))
        .onConflictDoUpdate({ target: [applicationOwners.applicationId, applicationOwners.ownerOid], set: { syncedAt: now } });
    }
    return { added: wanted.filter((oid) => !before.has(oid)).length, removed: removed.length };
  });
}
