import { AppError } from "@/lib/errors";

/** Who changes System → Notifications: a person of the tenant (the session's, never the input's). */
export type NotificationsAdmin = { id: string; tenantId: string; tenantName: string; name: string; role: string };

export function requireNotificationsAdmin(admin: NotificationsAdmin): void {
  if (admin.role !== "admin") throw new AppError("forbidden", "Only tenant admins can change notifications.");
}
