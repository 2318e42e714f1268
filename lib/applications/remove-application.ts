import "server-only";
import type { Db } from "@/db";
import { deleteApplication } from "@/db/queries/applications";
import { writeAudit } from "@/db/queries/audit";
import { getActiveRotation } from "@/db/queries/rotations";
import type { Application } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import type { RemoveApplicationInput } from "@/lib/validations/applications";
import { applicationForUser } from "./access";
import { actorOf, assertAdmin } from "./admin";

/**
 * Stops Rotor managing an application: deletes its row (owners, rotations and their output go
 * with it) and audits it. Nothing changes in Entra ID. Another tenant's id is "not found".
 */
export function removeManagedApplication(db: Db, admin: CurrentUser, { applicationId }: RemoveApplicationInput, now = new Date()): Application {
  assertAdmin(admin);
  const app = applicationForUser(db, admin, applicationId);
  return db.transaction(() => {
    // Deleting the journal of an unfinished rotation would leave its new secret in Entra ID with
    // nobody to finish or undo it: wait until it has succeeded or failed (recovery included).
    if (getActiveRotation(db, { applicationId: app.id })) {
      throw new AppError("conflict", `A rotation of ${app.displayName} is still in progress. Remove it from Rotor once the rotation has finished.`);
    }
    const removed = deleteApplication(db, { tenantId: admin.tenantId, applicationId: app.id });
    if (!removed) throw new AppError("not_found", "That application does not exist in your tenant, or Rotor no longer manages it.");
    writeAudit(db, {
      tenantId: admin.tenantId,
      actor: actorOf(admin),
      action: "application.removed",
      target: { type: "application", id: removed.id },
      detail: { appId: removed.appId, displayName: removed.displayName, changes: [`${removed.displayName} (${removed.appId})`] },
      at: now,
    });
    return removed;
  });
}
