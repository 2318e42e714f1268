import "server-only";
import type { Db } from "@/db";
import { withTransaction } from "@/db/transaction";
import { getNotificationSettings, saveNotificationSettings } from "@/db/queries/notification-channels";
import type { alertSettingsSchema } from "@/lib/validations/notifications";
import type { z } from "zod";
import { requireNotificationsAdmin, type NotificationsAdmin } from "./admin";
import { auditNotifications } from "./audit";

/** Saves who receives admin alerts, the expiry reminder days and the due-run summary opt-in. */
export async function saveAlertSettings(db: Db, admin: NotificationsAdmin, input: z.output<typeof alertSettingsSchema>): Promise<{ changed: string[] }> {
  requireNotificationsAdmin(admin);
  const before = await getNotificationSettings(db, { tenantId: admin.tenantId });
  const adminAddresses = [...new Set(input.adminAddresses.map((a) => a.toLowerCase()))];
  const changed = [
    before.adminAddresses.join(",") !== adminAddresses.join(",") && `admin addresses: ${adminAddresses.join(", ") || "none"}`,
    before.reminderDays.join(",") !== input.reminderDays.join(",") && `reminders ${input.reminderDays.join(" and ")} days ahead`,
    before.dueRunSummary !== input.dueRunSummary && `due-run summary ${input.dueRunSummary ? "on" : "off"}`,
  ].filter((c): c is string => typeof c === "string");
  await withTransaction(db, async (tx) => {
    await saveNotificationSettings(tx, { tenantId: admin.tenantId, userId: admin.id, values: { adminAddresses, reminderDays: input.reminderDays, dueRunSummary: input.dueRunSummary } });
    if (changed.length) await auditNotifications(tx, admin, { action: "notifications.settings_saved", changes: changed });
  });
  return { changed };
}
