import "server-only";
import { and, asc, count, eq, exists, inArray, isNull, ne, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "../index";
import { applicationOwners, applications, credentialSnapshots, type Application } from "../schema";
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

/** One application of a tenant by Rotor's id, or null. */
export async function findApplication(db: Db, { tenantId, applicationId }: { tenantId: string; applicationId: string }): Promise<Application | null> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), eq(applications.id, applicationId)))
    .limit(1);
  return row ?? null;
}

/** `like` wildcards in a person's search text match themselves. */
const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the applications a person sees (admins: the tenant's; others: those they own),
 * filtered by name or client id and sorted in the database, so the Applications page stays fast with
 * thousands of them. "expiry": when each runs out of working secrets, from its credential snapshot —
 * none left first, unknown (no snapshot, or no longer owned) last; then by name. Also answers how many
 * the person sees in all (`total`) and how many match (`matching`), and the page actually served (a
 * page past the end serves the last one).
 */
export async function listApplicationsPage(
  db: Db,
  { tenantId, ownerOid, isAdmin, q, sort, page, pageSize }: { tenantId: string; ownerOid: string; isAdmin: boolean; q: string; sort: "expiry" | "name"; page: number; pageSize: number },
): Promise<{ rows: Application[]; total: number; matching: number; page: number }> {
  const owned = exists(
    db
      .select({ one: sql`1` })
      .from(applicationOwners)
      .where(and(eq(applicationOwners.applicationId, applications.id), eq(applicationOwners.ownerOid, ownerOid))),
  );
  const visible = isAdmin ? eq(applications.tenantId, tenantId) : and(eq(applications.tenantId, tenantId), owned);
  const needle = q.trim();
  const matches = needle
    ? and(visible, or(sql`lower(${applications.displayName}) like ${likePattern(needle)} escape '\\'`, sql`lower(${applications.appId}) like ${likePattern(needle)} escape '\\'`))
    : visible;
  const countOf = async (where: typeof matches) => (await db.select({ n: count() }).from(applications).where(where))[0]?.n ?? 0;
  const total = await countOf(visible);
  const matching = needle ? await countOf(matches) : total;
  const last = Math.max(1, Math.ceil(matching / pageSize));
  const served = Math.min(Math.max(1, page), last);
  const byName = [asc(sql`lower(${applications.displayName})`), asc(applications.id)];
  const unknown = sql`${isNull(credentialSnapshots.applicationId)} or ${eq(credentialSnapshots.owned, false)}`;
  // The expiry counts only in the middle group, where it is never null: engines order nulls differently.
  const order =
    sort === "name"
      ? byName
      : [
          asc(sql`case when ${unknown} then 2 when ${isNull(credentialSnapshots.latestExpiry)} then 0 else 1 end`),
          asc(sql`case when ${unknown} then null else ${credentialSnapshots.latestExpiry} end`),
          ...byName,
        ];
  const rows = await db
    .select({ application: applications })
    .from(applications)
    .leftJoin(credentialSnapshots, eq(credentialSnapshots.applicationId, applications.id))
    .where(matches)
    .orderBy(...order)
    .limit(pageSize)
    .offset((served - 1) * pageSize);
  return { rows: rows.map((r) => r.application), total, matching, page: served };
}
