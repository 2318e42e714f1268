import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { applicationOwners, applications, type Application } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/**
 * The one rule for who may see and change an application: a tenant admin, any application of
 * their tenant; anyone else, only applications of their tenant that they own in Entra ID. The
 * tenant always comes from the signed-in user, never from the request. Anything else is "not
 * found", so ids of other tenants' applications reveal nothing.
 */
export function applicationForUser(db: Db, user: CurrentUser, applicationId: string): Application {
  const app = db
    .select()
    .from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.tenantId, user.tenantId)))
    .get();
  if (!app) throw new AppError("not_found", "That application does not exist in your tenant, or Rotor no longer manages it.");
  if (user.role === "admin") return app;
  const owns = db
    .select()
    .from(applicationOwners)
    .where(and(eq(applicationOwners.applicationId, app.id), eq(applicationOwners.ownerOid, user.oid)))
    .get();
  if (!owns) throw new AppError("not_found", "That application does not exist in your tenant, or Rotor no longer manages it.");
  return app;
}
