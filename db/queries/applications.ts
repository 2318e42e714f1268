import "server-only";
import { and, asc, eq, exists, inArray, ne, notInArray, or } from "drizzle-orm";
import type { Db } from "../index";
import { applicationOwners, applications, type Application } from "../schema";

/** Admins see every application of the tenant; anyone else, those they own in Entra. */
export function listApplicationsForUser(
  db: Db,
  { tenantId, ownerOid, isAdmin }: { tenantId: string; ownerOid: string; isAdmin: boolean },
): Application[] {
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
    .orderBy(asc(applications.displayName))
    .all();
}

/** Every application Rotor manages in the tenant (for admins' bulk work, e.g. the sync). */
export function listTenantApplications(db: Db, { tenantId }: { tenantId: string }): Application[] {
  return db.select().from(applications).where(eq(applications.tenantId, tenantId)).orderBy(asc(applications.displayName)).all();
}

export function getApplicationByAppId(db: Db, { tenantId, appId }: { tenantId: string; appId: string }): Application | null {
  return (
    db
      .select()
      .from(applications)
      .where(and(eq(applications.tenantId, tenantId), eq(applications.appId, appId)))
      .get() ?? null
  );
}

/** Inserts a newly managed application with the default policy (the columns' defaults). */
export function insertApplication(
  db: Db,
  values: { id: string; tenantId: string; appId: string; objectId: string; displayName: string; createdBy: string },
): Application {
  return db.insert(applications).values(values).returning().get();
}

/** Refreshes what Rotor copies from Entra ID; true when it differed. */
export function updateApplicationFromEntra(
  db: Db,
  { applicationId, displayName, objectId }: { applicationId: string; displayName: string; objectId: string },
): boolean {
  const result = db
    .update(applications)
    .set({ displayName, objectId })
    .where(and(eq(applications.id, applicationId), or(ne(applications.displayName, displayName), ne(applications.objectId, objectId))))
    .run();
  return result.changes > 0;
}

/** Deletes the application in the tenant (owners, rotations and their output go with it); the row as it was, or null. */
export function deleteApplication(db: Db, { tenantId, applicationId }: { tenantId: string; applicationId: string }): Application | null {
  return (
    db
      .delete(applications)
      .where(and(eq(applications.id, applicationId), eq(applications.tenantId, tenantId)))
      .returning()
      .get() ?? null
  );
}

export function listOwnerOids(db: Db, { applicationId }: { applicationId: string }): string[] {
  return db
    .select({ oid: applicationOwners.ownerOid })
    .from(applicationOwners)
    .where(eq(applicationOwners.applicationId, applicationId))
    .orderBy(asc(applicationOwners.ownerOid))
    .all()
    .map((r) => r.oid);
}

/** The stored owners of several applications at once: application id → owner object ids. */
export function listOwnerOidsOf(db: Db, { applicationIds }: { applicationIds: string[] }): Map<string, string[]> {
  const owners = new Map<string, string[]>(applicationIds.map((id) => [id, []]));
  if (applicationIds.length === 0) return owners;
  const rows = db
    .select({ applicationId: applicationOwners.applicationId, oid: applicationOwners.ownerOid })
    .from(applicationOwners)
    .where(inArray(applicationOwners.applicationId, applicationIds))
    .orderBy(asc(applicationOwners.ownerOid))
    .all();
  for (const row of rows) owners.get(row.applicationId)?.push(row.oid);
  return owners;
}

/** Makes the stored owners exactly `ownerOids`; returns how many were added and removed. */
export function replaceApplicationOwners(
  db: Db,
  { applicationId, ownerOids, now = new Date() }: { applicationId: string; ownerOids: string[]; now?: Date },
): { added: number; removed: number } {
  const wanted = [...new Set(ownerOids)];
  const before = new Set(listOwnerOids(db, { applicationId }));
  const removed = db
    .delete(applicationOwners)
    .where(
      wanted.length
        ? and(eq(applicationOwners.applicationId, applicationId), notInArray(applicationOwners.ownerOid, wanted))
        : eq(applicationOwners.applicationId, applicationId),
    )
    .run().changes;
  if (wanted.length) {
    db.insert(applicationOwners)
      .values(wanted.map((ownerOid) => ({ applicationId, ownerOid, syncedAt: now })))
      .onConflictDoUpdate({ target: [applicationOwners.applicationId, applicationOwners.ownerOid], set: { syncedAt: now } })
      .run();
  }
  return { added: wanted.filter((oid) => !before.has(oid)).length, removed };
}

/** One application of a tenant by Rotor's id, or null. */
export async function findApplication(db: Db, { tenantId, applicationId }: { tenantId: string; applicationId: string }): Promise<Application | null> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), eq(applications.id, applicationId)))
    .limit(1);
  return row ?? null;
}
