import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../index";
import { withTransaction } from "../transaction";
import { notificationChannels, tenantNotificationSettings, type NotificationChannel, type TenantNotificationSettings } from "../schema";

export type NewChannel = Omit<typeof notificationChannels.$inferInsert, "createdAt" | "consecutiveFailures" | "lastSuccessAt" | "lastFailureAt" | "lastError">;

/** The tenant's channels: the SMTP server first, then webhooks by name. */
export async function listChannels(db: Db, { tenantId }: { tenantId: string }): Promise<NotificationChannel[]> {
  return db.select().from(notificationChannels).where(eq(notificationChannels.tenantId, tenantId)).orderBy(asc(notificationChannels.kind), asc(notificationChannels.name));
}

export async function getChannel(db: Db, { tenantId, id }: { tenantId: string; id: string }): Promise<NotificationChannel | null> {
  const [row] = await db.select().from(notificationChannels).where(and(eq(notificationChannels.id, id), eq(notificationChannels.tenantId, tenantId)));
  return row ?? null;
}

export async function getEmailChannel(db: Db, { tenantId }: { tenantId: string }): Promise<NotificationChannel | null> {
  const [row] = await db.select().from(notificationChannels).where(and(eq(notificationChannels.tenantId, tenantId), eq(notificationChannels.kind, "email")));
  return row ?? null;
}

export async function insertChannel(db: Db, values: NewChannel): Promise<NotificationChannel> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx.insert(notificationChannels).values(values).returning();
    return row!;
  });
}

/** Changes a channel of the tenant; null when it has no such channel. */
export async function updateChannel(
  db: Db,
  { tenantId, id, change, now = new Date() }: { tenantId: string; id: string; change: Partial<NewChannel>; now?: Date },
): Promise<NotificationChannel | null> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx
      .update(notificationChannels)
      .set({ ...change, updatedAt: now })
      .where(and(eq(notificationChannels.id, id), eq(notificationChannels.tenantId, tenantId)))
      .returning();
    return row ?? null;
  });
}

/** Removes a channel of the tenant (its queued messages go with it); the row removed, or null. */
export async function deleteChannel(db: Db, { tenantId, id }: { tenantId: string; id: string }): Promise<NotificationChannel | null> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx.delete(notificationChannels).where(and(eq(notificationChannels.id, id), eq(notificationChannels.tenantId, tenantId))).returning();
    return row ?? null;
  });
}

/** After each delivery attempt: a success clears the failure count, a failure adds to it. */
export async function recordChannelOutcome(db: Db, { id, error, now = new Date() }: { id: string; error: string | null; now?: Date }): Promise<void> {
  return withTransaction(db, async (tx) => {
    if (error === null) {
      await tx.update(notificationChannels).set({ consecutiveFailures: 0, lastSuccessAt: now }).where(eq(notificationChannels.id, id));
    } else {
      await tx
        .update(notificationChannels)
        .set({ consecutiveFailures: sql`${notificationChannels.consecutiveFailures} + 1`, lastFailureAt: now, lastError: error.slice(0, 500) })
        .where(eq(notificationChannels.id, id));
    }
  });
}

const DEFAULT_SETTINGS = { adminAddresses: [] as string[], reminderDays: [14, 3], dueRunSummary: false };

/** The tenant's alert settings, or the defaults (14 and 3 days, no admin addresses, no summary). */
export async function getNotificationSettings(db: Db, { tenantId }: { tenantId: string }): Promise<Pick<TenantNotificationSettings, "adminAddresses" | "reminderDays" | "dueRunSummary">> {
  const [row] = await db.select().from(tenantNotificationSettings).where(eq(tenantNotificationSettings.tenantId, tenantId));
  return row ?? DEFAULT_SETTINGS;
}

export async function saveNotificationSettings(
  db: Db,
  { tenantId, userId, values, now = new Date() }: { tenantId: string; userId: string | null; values: { adminAddresses: string[]; reminderDays: number[]; dueRunSummary: boolean }; now?: Date },
): Promise<void> {
  return withTransaction(db, async (tx) => {
    const row = { ...values, updatedAt: now, updatedBy: userId };
    await tx.insert(tenantNotificationSettings).values({ tenantId, ...row }).onConflictDoUpdate({ target: tenantNotificationSettings.tenantId, set: row });
  });
}

/** Tenants with at least one channel turned on: the only ones alerts are worked out for. */
export async function listTenantsWithChannels(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ tenantId: notificationChannels.tenantId }).from(notificationChannels).where(eq(notificationChannels.enabled, true));
  return rows.map((r) => r.tenantId);
}
