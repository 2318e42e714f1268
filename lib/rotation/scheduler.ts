import "server-only";
import { getDb } from "@/db";
import { tenantsWithBuiltInScheduler } from "@/db/queries/due-runs";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { dueRunFor } from "./due-run";

/** How often the scheduler looks whether a tenant's interval has passed: often enough to keep to a short interval. */
const CHECK_EVERY_MS = 60_000;

// On globalThis: the server process starts one scheduler, however many module instances load this file.
const globalScheduler = globalThis as unknown as { rotorScheduler?: { timer: NodeJS.Timeout; ticking: boolean } };

/**
 * The built-in scheduler: in the server process, runs each tenant's due run when the tenant has
 * it on and no due run (built-in or API) started within the interval. The claim is made through
 * the database (lib/rotation/due-run), so several instances on one database start each run once.
 * Started by lib/startup; off on a server whose ROTOR_SCHEDULER_INTERVAL_SECONDS is 0.
 */
export function startScheduler(): boolean {
  const intervalMs = env().schedulerIntervalMs;
  if (intervalMs === 0 || globalScheduler.rotorScheduler) return false;
  const state = { ticking: false, timer: undefined as unknown as NodeJS.Timeout };
  const tick = async () => {
    if (state.ticking) return; // a long due run is still going: the next check picks up after it
    state.ticking = true;
    try {
      await runBuiltInDueRuns(intervalMs);
    } finally {
      state.ticking = false;
    }
  };
  state.timer = setInterval(() => void tick(), Math.min(intervalMs, CHECK_EVERY_MS));
  state.timer.unref();
  globalScheduler.rotorScheduler = state;
  void tick();
  logger.info({ intervalSeconds: intervalMs / 1000 }, "built-in scheduler started");
  return true;
}

/** Whether this server process runs the built-in scheduler, and its interval. */
export function schedulerInterval(): number {
  return env().schedulerIntervalMs;
}

/** One pass: each tenant with the built-in scheduler on whose last due run started an interval ago or more. */
export async function runBuiltInDueRuns(intervalMs: number, now = new Date()): Promise<void> {
  const db = await getDb();
  // A little slack, so a check that fires a moment early does not wait a whole extra interval.
  const notSince = new Date(now.getTime() - intervalMs + Math.min(1_000, intervalMs / 10));
  for (const tenantId of await tenantsWithBuiltInScheduler(db)) {
    try {
      const outcome = await dueRunFor({ tenantId, trigger: "built_in", requestedBy: "system", notSince });
      if (outcome.kind === "ran" && outcome.run.started.length) {
        logger.info({ tenantId, started: outcome.run.started.length }, "built-in scheduler: due run finished");
      }
    } catch (error) {
      logger.warn({ tenantId, err: (error as Error).message }, "built-in scheduler: due run failed; the next interval tries again");
    }
  }
}
