import "server-only";
import type { Db } from "@/db";
import { withTransaction } from "@/db/transaction";
import { deleteChannel } from "@/db/queries/notification-channels";
import { AppError } from "@/lib/errors";
import { requireNotificationsAdmin, type NotificationsAdmin } from "./admin";
import { auditNotifications } from "./audit";

/** Removes a channel of the admin's tenant; what it still had queued goes with it. */
export async function removeChannel(db: Db, admin: NotificationsAdmin, { id }: { id: string }): Promise<{ name: string }> {
  requireNotificationsAdmin(admin);
  return withTransaction(db, async (tx) => {
    const removed = await deleteChannel(tx, { tenantId: admin.tenantId, id });
    if (!removed) throw new AppError("not_found", "That channel does not exist (it may have been removed already).");
    await auditNotifications(tx, admin, { action: "notifications.channel_removed", channel: { id, name: removed.name }, changes: [`${removed.kind === "email" ? "SMTP server" : "webhook"} removed`] });
    return { name: removed.name };
  });
}
