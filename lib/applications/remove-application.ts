import "server-only";
import type { Db } from "@/db";
import { deleteApplication } from "@/db/queries/applications";
import { writeAudit } from "@/db/queries/audit";
import { getActiveRotation, getPendingOldSecretRemoval } from "@/db/queries/rotations";
import type { Application } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import type { RemoveApplicationInput } from "@/lib/validations/applications";
import { applicationForUser } from "./access";
import { assertAdmin, auditActor } from "@/lib/actor";
import { withTransaction } from "@/db/transaction";

/**
 * Stops Rotor managing an application: deletes its row (owners, rotations and their output go
 * with it) and audits it. Nothing changes in Entra ID. Another tenant's id is "not found"; a
 * rotation in progress or old secrets still waiting for removal make it wait.
 */
export async function removeManagedApplication(db: Db, admin: CurrentUser, { applicationId }: RemoveApplicationInput, now = new Date()): Promise<Application> {
  assertAdmin(admin);
  const app = await applicationForUser(db, admin, applicationId);
  return await withTransaction(db, async () => {
    // Deleting the journal of an unfinished rotation would leave its new secret in Entra ID with
    // nobody to finish or undo it: wait until it has succeeded or failed (recovery included).
    if (await getActiveRotation(db, { applicationId: app.id })) {
      throw new AppError("conflict", `A rotation of ${app.displayName} is still in progress. Remove it from Rotor once the rotation has finished.`);
    }
    // Deleting a finished rotation whose overlap is still running would forget its old secrets,
    // leaving them valid in Entra ID for good: Rotor removes them first, when the overlap ends.
    const pending = await getPendingOldSecretRemoval(db, { applicationId: app.id });
    if (pending?.oldKeyIds?.length) {
      const after = pending.oldSecretsRemoveAfter!.toISOString().slice(0, 16).replace("T", " ");
      throw new AppError(
        "conflict",
        `${app.displayName}'s previous secret is still in its overlap: Rotor removes it after ${after} UTC. Remove the application from Rotor after that, so no old secret is left valid in Entra ID.`,
      );
    }
    const removed = await deleteApplication(db, { tenantId: admin.tenantId, applicationId: app.id });
    if (!removed) throw new AppError("not_found", "That application does not exist in your tenant, or Rotor no longer manages it.");
    await writeAudit(db, {
      tenantId: admin.tenantId,
      actor: auditActor(admin),
      action: "application.removed",
      target: { type: "application", id: removed.id },
      detail: { appId: removed.appId, displayName: removed.displayName, changes: [`${removed.displayName} (${removed.appId})`] },
      at: now,
    });
    return removed;
  });
}
