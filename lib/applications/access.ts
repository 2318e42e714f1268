import "server-only";
import type { Db } from "@/db";
import { getTenantApplication, isRecordedOwner } from "@/db/queries/applications";
import type { Application } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/session";
import { listOwners } from "@/lib/azure/graph";
import { AppError } from "@/lib/errors";

/**
 * The one rule for who may see and change an application: a tenant admin, any application of
 * their tenant; anyone else, only applications of their tenant that they own in Entra ID. The
 * tenant always comes from the signed-in user, never from the request. Anything else is "not
 * found", so ids of other tenants' applications reveal nothing.
 */
export async function applicationForUser(db: Db, user: CurrentUser, applicationId: string): Promise<Application> {
  const app = await getTenantApplication(db, { tenantId: user.tenantId, applicationId });
  if (!app) throw new AppError("not_found", "That application does not exist in your tenant, or Rotor no longer manages it.");
  if (user.role === "admin") return app;
  if (!(await isRecordedOwner(db, { applicationId: app.id, ownerOid: user.oid }))) throw new AppError("not_found", "That application does not exist in your tenant, or Rotor no longer manages it.");
  return app;
}

/** Does the application's secret go to a service connection when it rotates? */
export const isBound = (application: Application) => application.devopsEnabled && !!application.devopsEndpointId;

/**
 * Asked of Entra ID now, for anything that decides where an application's next secret goes
 * (binding a service connection, the policy, rotating into a bound connection): the user must own
 * the application there — a tenant admin too. Being a Rotor admin lets someone manage Rotor, not
 * receive the secrets of applications others own: an admin who administers a DevOps project could
 * otherwise bind a connection of their own and capture the next secret. Someone who is not an
 * admin and no longer owns it gets "not found", as in applicationForUser.
 */
export async function requireLiveOwner(user: CurrentUser, application: Application): Promise<void> {
  const owners = await listOwners(application.tenantId, application.objectId);
  if (owners.some((o) => o.id === user.oid)) return;
  if (user.role !== "admin") throw new AppError("not_found", "You no longer own this application in Entra ID.");
  throw new AppError(
    "forbidden",
    `Only an owner of ${application.displayName} in Entra ID can bind its service connection, change its policy or rotate it into its connection; being a tenant admin is not enough. Ask an owner, or to be made an owner in Entra ID.`,
  );
}
