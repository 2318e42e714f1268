import "server-only";
import type { Db } from "@/db";
import { writeAudit } from "@/db/queries/audit";

/** The audit entry of a change on System → Notifications: names and targets, never a password or a signing secret. */
export async function auditNotifications(
  db: Db,
  admin: { id: string; tenantId: string; name: string },
  { action, channel, changes }: { action: string; channel?: { id: string; name: string }; changes: string[] },
): Promise<void> {
  return writeAudit(db, {
    tenantId: admin.tenantId,
    actor: { type: "user", id: admin.id, name: admin.name },
    action,
    target: channel ? { type: "notification_channel", id: channel.id } : { type: "tenant", id: admin.tenantId },
    detail: { changes, ...(channel ? { channel: channel.name } : {}) },
  });
}
