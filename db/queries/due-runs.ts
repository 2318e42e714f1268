import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../index";
import { dueRuns, tenants, tenantScheduleSettings, type DueRunRow } from "../schema";
import { withTransaction } from "../transaction";

export type DueRunClaim = { claimed: DueRunRow; active?: undefined } | { claimed: null; active: DueRunRow | null };

/**
 * Claims the tenant's due run by inserting its row, in one transaction: refused while another
 * unfinished run holds an unexpired lease (the partial unique index due_runs_one_active makes this
 * hold across processes), and — with `notSince` — while any run started after that moment, so
 * several instances on one database start each built-in run once. A run whose lease ran out (its
 * runner died) is closed first, naming why.
 */
export async function claimDueRun(
  db: Db,
  { tenantId, trigger, requestedBy, owner, ttlMs, notSince, now = new Date() }: {
    tenantId: string;
    trigger: DueRunRow["trigger"];
    requestedBy: string;
    owner: string;
    ttlMs: number;
    notSince?: Date;
    now?: Date;
  },
): Promise<DueRunClaim> {
  return withTransaction(db, async (tx): Promise<DueRunClaim> => {
    const [active] = await tx.select().from(dueRuns).where(and(eq(dueRuns.tenantId, tenantId), isNull(dueRuns.finishedAt))).limit(1);
    if (active && active.leaseExpiresAt && active.leaseExpiresAt >= now) return { claimed: null, active };
    if (active) {
      await tx.update(dueRuns).set({ finishedAt: now, leaseExpiresAt: null, error: "The runner stopped before the run finished; a later run took over." }).where(eq(dueRuns.id, active.id));
    }
    if (notSince) {
      const last = await latestDueRun(tx, { tenantId });
      if (last && last.startedAt > notSince) return { claimed: null, active: null };
    }
    const [claimed] = await tx
      .insert(dueRuns)
      .values({ id: randomUUID(), tenantId, trigger, requestedBy, owner, startedAt: now, leaseExpiresAt: new Date(now.getTime() + ttlMs) })
      .returning();
    return { claimed: claimed! };
  });
}

/** Keeps the run's lease while its rotations take long; false when the run is no longer this owner's. */
export async function renewDueRun(db: Db, { id, owner, ttlMs, now = new Date() }: { id: string; owner: string; ttlMs: number; now?: Date }): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const renewed = await tx
      .update(dueRuns)
      .set({ leaseExpiresAt: new Date(now.getTime() + ttlMs) })
      .where(and(eq(dueRuns.id, id), eq(dueRuns.owner, owner), isNull(dueRuns.finishedAt)))
      .returning({ id: dueRuns.id });
    return renewed.length === 1;
  });
}

export type DueRunCounts = Pick<DueRunRow, "started" | "succeeded" | "failed" | "alreadyRunning" | "notDue" | "recovered">;

export async function finishDueRun(
  db: Db,
  { id, owner, counts, error = null, now = new Date() }: { id: string; owner: string; counts?: Partial<DueRunCounts>; error?: string | null; now?: Date },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx
      .update(dueRuns)
      .set({ ...counts, error, finishedAt: now, leaseExpiresAt: null })
      .where(and(eq(dueRuns.id, id), eq(dueRuns.owner, owner)));
  });
}

export async function latestDueRun(db: Db, { tenantId }: { tenantId: string }): Promise<DueRunRow | null> {
  const [run] = await db.select().from(dueRuns).where(eq(dueRuns.tenantId, tenantId)).orderBy(desc(dueRuns.startedAt)).limit(1);
  return run ?? null;
}

export async function listDueRuns(db: Db, { tenantId, limit = 20 }: { tenantId: string; limit?: number }): Promise<DueRunRow[]> {
  return db.select().from(dueRuns).where(eq(dueRuns.tenantId, tenantId)).orderBy(desc(dueRuns.startedAt)).limit(limit);
}

/** Whether the built-in scheduler runs the tenant's due run (on unless an admin turned it off). */
export async function builtInSchedulerEnabled(db: Db, { tenantId }: { tenantId: string }): Promise<boolean> {
  const [settings] = await db.select().from(tenantScheduleSettings).where(eq(tenantScheduleSettings.tenantId, tenantId)).limit(1);
  return settings?.builtInEnabled ?? true;
}

/** Turns the tenant's built-in scheduler on or off; returns whether it was on before. */
export async function setBuiltInScheduler(db: Db, { tenantId, enabled, userId, now = new Date() }: { tenantId: string; enabled: boolean; userId: string; now?: Date }): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const before = await builtInSchedulerEnabled(tx, { tenantId });
    await tx
      .insert(tenantScheduleSettings)
      .values({ tenantId, builtInEnabled: enabled, updatedAt: now, updatedBy: userId })
      .onConflictDoUpdate({ target: tenantScheduleSettings.tenantId, set: { builtInEnabled: enabled, updatedAt: now, updatedBy: userId } });
    return before;
  });
}

/** The tenants whose built-in scheduler is on: every tenant without a row saying otherwise. */
export async function tenantsWithBuiltInScheduler(db: Db): Promise<string[]> {
  const turnedOff = await db.select({ tenantId: tenantScheduleSettings.tenantId }).from(tenantScheduleSettings).where(eq(tenantScheduleSettings.builtInEnabled, false));
  const off = new Set(turnedOff.map((r) => r.tenantId));
  const all = await db.select({ id: tenants.id }).from(tenants);
  return all.map((t) => t.id).filter((id) => !off.has(id));
}
