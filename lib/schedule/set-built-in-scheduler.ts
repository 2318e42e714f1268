import "server-only";
import type { Db } from "@/db";
import { writeAudit } from "@/db/queries/audit";
import { setBuiltInScheduler } from "@/db/queries/due-runs";
import type { CurrentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/db/transaction";
import { auditActor } from "@/lib/actor";

/**
 * Turns the tenant's built-in scheduler on or off (tenant admins only), audited when it changes.
 * Off, the tenant relies on an external scheduler calling POST /api/v1/rotations/due.
 */
export async function setBuiltInSchedulerFor(db: Db, admin: CurrentUser, { enabled }: { enabled: boolean }): Promise<{ changed: boolean }> {
  if (admin.role !== "admin") throw new AppError("forbidden", "Only tenant admins can do this.");
  return await withTransaction(db, async () => {
    const before = await setBuiltInScheduler(db, { tenantId: admin.tenantId, enabled, userId: admin.id });
    if (before === enabled) return { changed: false };
    await writeAudit(db, {
      tenantId: admin.tenantId,
      actor: auditActor(admin),
      action: "settings.schedule_updated",
      target: { type: "tenant", id: admin.tenantId },
      detail: { changes: [`Built-in scheduler ${enabled ? "on" : "off"}`] },
    });
    return { changed: true };
  });
}
