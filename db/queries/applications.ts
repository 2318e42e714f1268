import "server-only";
import { and, asc, eq, exists } from "drizzle-orm";
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
