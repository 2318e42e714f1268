import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../index";
import { dueRuns, tenants, tenantScheduleSettings, type DueRunRow } from "../schema";

export type DueRunClaim = { claimed: DueRunRow; active?: undefined } | { claimed: null; active: DueRunRow | null };

/**
 * Claims the tenant's due run by inserting its row, in one immediate transaction: refused while
 * another unfinished run holds an unexpired lease (the partial unique index due_runs_one_active
 * makes this hold across processes), and — with `notSince` — while any run started after that
 * moment, so several instances on one database start each built-in run once. A run whose lease
 * ran out (its runner died) is closed first, naming why.
 */
export function claimDueRun(
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
): DueRunClaim {
  return db.transaction(() => {
    const active = db.select().from(dueRuns).where(and(eq(dueRuns.tenantId, tenantId), isNull(dueRuns.finishedAt))).get();
    if (active && active.leaseExpiresAt && active.leaseExpiresAt >= now) return { claimed: null, active };
    if (active) {
      db.update(dueRuns).set({ finishedAt: now, leaseExpiresAt: null, error: "The runner stopped before the run finished; a later run took over." }).where(eq(dueRuns.id, active.id)).run();
    }
    if (notSince) {
      const last = latestDueRun(db, { tenantId });
      if (last && last.startedAt > notSince) return { claimed: null, active: null };
    }
    const claimed = db
      .insert(dueRuns)
      .values({ id: randomUUID(), tenantId, trigger, requestedBy, owner, startedAt: now, leaseExpiresAt: new Date(now.getTime() + ttlMs) })
      .returning()
      .get();
    return { claimed };
  }, { behavior: "immediate" });
}

/** Keeps the run's lease while its rotations take long; false when the run is no longer this owner's. */
export function renewDueRun(db: Db, { id, owner, ttlMs, now = new Date() }: { id: string; owner: string; ttlMs: number; now?: Date }): boolean {
  const result = db
    .update(dueRuns)
    .set({ leaseExpiresAt: new Date(now.getTime() + ttlMs) })
    .where(and(eq(dueRuns.id, id), eq(dueRuns.owner, owner), isNull(dueRuns.finishedAt)))
    .run();
  return result.changes === 1;
}

export type DueRunCounts = Pick<DueRunRow, "started" | "succeeded" | "failed" | "alreadyRunning" | "notDue" | "recovered">;

export function finishDueRun(
  db: Db,
  { id, owner, counts, error = null, now = new Date() }: { id: string; owner: string; counts?: Partial<DueRunCounts>; error?: string | null; now?: Date },
): void {
  db.update(dueRuns)
    .set({ ...counts, error, finishedAt: now, leaseExpiresAt: null })
    .where(and(eq(dueRuns.id, id), eq(dueRuns.owner, owner)))
    .run();
}

export function latestDueRun(db: Db, { tenantId }: { tenantId: string }): DueRunRow | null {
  return db.select().from(dueRuns).where(eq(dueRuns.tenantId, tenantId)).orderBy(desc(dueRuns.startedAt)).get() ?? null;
}

export function listDueRuns(db: Db, { tenantId, limit = 20 }: { tenantId: string; limit?: number }): DueRunRow[] {
  return db.select().from(dueRuns).where(eq(dueRuns.tenantId, tenantId)).orderBy(desc(dueRuns.startedAt)).limit(limit).all();
}

/** Whether the built-in scheduler runs the tenant's due run (on unless an admin turned it off). */
export function builtInSchedulerEnabled(db: Db, { tenantId }: { tenantId: string }): boolean {
  return db.select().from(tenantScheduleSettings).where(eq(tenantScheduleSettings.tenantId, tenantId)).get()?.builtInEnabled ?? true;
}

/** Turns the tenant's built-in scheduler on or off; returns whether it was on before. */
export function setBuiltInScheduler(db: Db, { tenantId, enabled, userId, now = new Date() }: { tenantId: string; enabled: boolean; userId: string; now?: Date }): boolean {
  const before = builtInSchedulerEnabled(db, { tenantId });
  db.insert(tenantScheduleSettings)
    .values({ tenantId, builtInEnabled: enabled, updatedAt: now, updatedBy: userId })
    .onConflictDoUpdate({ target: tenantScheduleSettings.tenantId, set: { builtInEnabled: enabled, updatedAt: now, updatedBy: userId } })
    .run();
  return before;
}

/** The tenants whose built-in scheduler is on: every tenant without a row saying otherwise. */
export function tenantsWithBuiltInScheduler(db: Db): string[] {
  const off = new Set(
    db.select({ tenantId: tenantScheduleSettings.tenantId }).from(tenantScheduleSettings).where(eq(tenantScheduleSettings.builtInEnabled, false)).all().map((r) => r.tenantId),
  );
  return db.select({ id: tenants.id }).from(tenants).all().map((t) => t.id).filter((id) => !off.has(id));
}
