import "server-only";
import type { Db } from "@/db";
import { builtInSchedulerEnabled, latestDueRun } from "@/db/queries/due-runs";
import { isFinished, type Application, type DueRunRow } from "@/db/schema";
import { env } from "@/lib/env";
import { describeActorRef } from "@/lib/actor";

/** What the Applications page says about the due run: the last one, what started it, and the next. */
export type ScheduleStatus = {
  /** `off_tenant`: an admin turned it off (an external scheduler is expected); `off_server`: this server runs none. */
  builtIn: "on" | "off_tenant" | "off_server";
  intervalMs: number;
  lastRun: {
    startedAt: string;
    finishedAt: string | null;
    startedBy: string;
    started: number;
    succeeded: number;
    failed: number;
    error: string | null;
  } | null;
  /** When the built-in scheduler starts the next run (null when it is off). */
  nextRunAt: string | null;
};

export async function scheduleStatus(db: Db, { tenantId, now = new Date() }: { tenantId: string; now?: Date }): Promise<ScheduleStatus> {
  const intervalMs = env().schedulerIntervalMs;
  // The tenant's own choice first: it is what its admins can change.
  const builtIn = !await builtInSchedulerEnabled(db, { tenantId }) ? "off_tenant" : intervalMs === 0 ? "off_server" : "on";
  const last = await latestDueRun(db, { tenantId });
  // The scheduler checks at most every minute; a tenant that never ran is picked up at the next check.
  const next = builtIn !== "on" ? null : last ? new Date(Math.max(last.startedAt.getTime() + intervalMs, now.getTime())) : now;
  return { builtIn, intervalMs, lastRun: last ? await lastRunView(db, last) : null, nextRunAt: next?.toISOString() ?? null };
}

async function lastRunView(db: Db, run: DueRunRow): Promise<NonNullable<ScheduleStatus["lastRun"]>> {
  return {
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    startedBy: run.trigger === "built_in" ? "the built-in scheduler" : (await describeActorRef(db, run.requestedBy)).name,
    started: run.started,
    succeeded: run.succeeded,
    failed: run.failed,
    error: run.error,
  };
}

/**
 * Why an application past its rotation date has not rotated yet, in words for its row; null when
 * it is not overdue (or a rotation is running). `dueAt` comes from lib/rotation/due.
 */
export function overdueReason(
  app: Pick<Application, "scheduleEnabled">,
  { dueAt, lastRotation, status, now = new Date() }: { dueAt: Date; lastRotation: { state: string; failureReason: string | null } | null; status: ScheduleStatus; now?: Date },
): string | null {
  if (dueAt > now) return null;
  if (lastRotation && !isFinished(lastRotation.state)) return null;
  if (!app.scheduleEnabled) return "Its policy is “Manual only”: nothing rotates it on schedule. Rotate it now.";
  if (lastRotation?.state === "failed") return `The last rotation failed${lastRotation.failureReason ? `: ${lastRotation.failureReason}` : "."} The next due run tries again.`;
  if (status.builtIn === "off_tenant") {
    return status.lastRun
      ? "The built-in scheduler is off for this tenant; it waits for the external scheduler's next call."
      : "The built-in scheduler is off for this tenant and no external scheduler has called yet.";
  }
  if (status.builtIn === "off_server") return "The built-in scheduler is off on this server; it waits for an external scheduler.";
  if (!status.lastRun) return "No due run has happened yet; the built-in scheduler starts one shortly.";
  if (status.lastRun.error) return `The last due run stopped: ${status.lastRun.error}`;
  return "It became due after the last due run; the next one rotates it.";
}
