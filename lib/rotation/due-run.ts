import "server-only";
import { getDb, type Db } from "@/db";
import { claimDueRun, finishDueRun, renewDueRun } from "@/db/queries/due-runs";
import { getActiveRotation } from "@/db/queries/rotations";
import { listTenantApplications } from "@/db/queries/applications";
import type { DueRunRow, Rotation } from "@/db/schema";
import { logger } from "@/lib/logger";
import { runDueRotations, type DueRun } from "./due";
import { newRunId } from "./journal";

/** A due run waits for its rotations (each may wait minutes for Entra ID); the lease is renewed meanwhile. */
export const DUE_RUN_LEASE_MS = 5 * 60_000;

// On globalThis, so route handlers and the built-in scheduler of one process share it.
const globalRuns = globalThis as unknown as { rotorDueRuns?: Map<string, Promise<DueRunOutcome>> };
const inProcess = (globalRuns.rotorDueRuns ??= new Map<string, Promise<DueRunOutcome>>());

export type DueRunOutcome =
  /** This call claimed and ran the tenant's due run (recorded in due_runs). */
  | { kind: "ran"; run: DueRun; record: DueRunRow }
  /** Another due run of the tenant was in progress: its result (same process) or what it has running. */
  | { kind: "joined"; run: DueRun }
  /** The built-in scheduler found a run started within its interval: nothing to do yet. */
  | { kind: "not_yet" };

/**
 * The tenant's due run, claimed through the database so that one runs at a time per tenant —
 * in this process and across processes sharing the database — and recorded with who started it
 * (`api-key:<id>` or `system` for the built-in scheduler), when, and what it did. A second
 * trigger while a run is in progress starts nothing: in the same process it waits for that run
 * and gets its rotations back as already running; from another process it gets what is running.
 */
export async function dueRunFor(options: DueRunOptions): Promise<DueRunOutcome> {
  const running = inProcess.get(options.tenantId);
  if (running) {
    const outcome = await running.catch(() => null);
    // The run in progress was only the built-in scheduler finding it too early: run this one.
    if (outcome?.kind === "not_yet") return dueRunFor(options);
    return joined(outcome ? outcome.run : emptyRun());
  }
  // Registered before the first await, so a second trigger in this process always finds it.
  const attempt = claimAndRun(options).finally(() => inProcess.delete(options.tenantId));
  inProcess.set(options.tenantId, attempt);
  return attempt;
}

type DueRunOptions = {
  tenantId: string;
  trigger: DueRunRow["trigger"];
  requestedBy: string;
  concurrency?: number;
  /** Built-in scheduler: start nothing when a run (of any trigger) started after this. */
  notSince?: Date;
};

async function claimAndRun({ tenantId, trigger, requestedBy, concurrency = 8, notSince }: DueRunOptions): Promise<DueRunOutcome> {
  const db = await getDb();
  const owner = newRunId();
  const claim = await claimDueRun(db, { tenantId, trigger, requestedBy, owner, ttlMs: DUE_RUN_LEASE_MS, notSince });
  if (!claim.claimed) {
    if (!claim.active) return { kind: "not_yet" };
    return { kind: "joined", run: { ...emptyRun(), alreadyRunning: await activeRotations(db, tenantId) } };
  }
  const record = claim.claimed;
  const heartbeat = setInterval(() => {
    renewDueRun(db, { id: record.id, owner, ttlMs: DUE_RUN_LEASE_MS }).then(
      (renewed) => renewed || clearInterval(heartbeat),
      () => clearInterval(heartbeat),
    );
  }, DUE_RUN_LEASE_MS / 3);
  try {
    const run = await runDueRotations({ tenantId, requestedBy, trigger: trigger === "api" ? "api" : "schedule", concurrency });
    await finishDueRun(db, {
      id: record.id,
      owner,
      counts: {
        started: run.started.length,
        succeeded: run.started.filter((r) => r.state === "succeeded").length,
        failed: run.started.filter((r) => r.state === "failed").length,
        alreadyRunning: run.alreadyRunning.length,
        notDue: run.notDue,
        recovered: run.recovered,
      },
    });
    return { kind: "ran", run, record };
  } catch (error) {
    // The sentence only: an Azure error's message never holds a secret, and the stack goes to the log.
    await finishDueRun(db, { id: record.id, owner, error: (error as Error).message.slice(0, 500) });
    logger.warn({ tenantId, dueRunId: record.id, err: (error as Error).message }, "due run stopped");
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

const emptyRun = (): DueRun => ({ started: [], alreadyRunning: [], notDue: 0, recovered: 0 });

/** What another run started is, to this caller, already running; it was not started twice. */
function joined(run: DueRun): DueRunOutcome {
  return { kind: "joined", run: { started: [], alreadyRunning: [...run.alreadyRunning, ...run.started], notDue: run.notDue, recovered: 0 } };
}

async function activeRotations(db: Db, tenantId: string): Promise<Rotation[]> {
  const active = await Promise.all((await listTenantApplications(db, { tenantId })).map((a) => getActiveRotation(db, { applicationId: a.id })));
  return active.filter((r): r is Rotation => r !== null);
}
