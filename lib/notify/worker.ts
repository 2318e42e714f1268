import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { logger } from "@/lib/logger";
import { deliverDueMessages } from "./deliver";
import { announceExpiringSecrets } from "./reminders";
import { announceRotationEvents } from "./sweep";

/** How often the worker looks for new events and due messages. */
const TICK_MS = 5_000;

/** Expiry reminders ask Entra ID, so they are worked out hourly, not every tick. */
const REMINDERS_EVERY_MS = 3_600_000;

const globalWorker = globalThis as unknown as { rotorAlertWorker?: NodeJS.Timeout; rotorRemindersAt?: number };

/** This process's name on the leases it takes. */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** One pass: new events into the outbox, then due messages out. Never throws. */
export async function alertWorkerTick(now = new Date()): Promise<void> {
  const db = await getDb();
  try {
    await announceRotationEvents(db, now);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "alerts: could not queue new events; the next pass tries again");
  }
  if (now.getTime() - (globalWorker.rotorRemindersAt ?? 0) >= REMINDERS_EVERY_MS) {
    globalWorker.rotorRemindersAt = now.getTime();
    try {
      await announceExpiringSecrets(db, now);
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "alerts: could not work out expiry reminders; the next hour tries again");
    }
  }
  try {
    // Drain what is due in batches, so a backlog does not wait a tick per ten messages.
    for (let i = 0; i < 10; i++) {
      const { delivered, failed } = await deliverDueMessages(db, { owner: WORKER_ID, now: new Date() });
      if (delivered + failed === 0) break;
    }
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "alerts: delivery pass failed; the next pass tries again");
  }
}

/**
 * The alert worker runs in the server process beside the scheduler (started by lib/startup). It
 * never holds up a rotation: rotations only write rows the worker reads later.
 */
export function startAlertWorker(): void {
  if (globalWorker.rotorAlertWorker) return;
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      await alertWorkerTick();
    } finally {
      ticking = false;
    }
  };
  globalWorker.rotorAlertWorker = setInterval(() => void tick(), TICK_MS);
  globalWorker.rotorAlertWorker.unref();
  void tick();
}
