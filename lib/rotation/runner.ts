import "server-only";
import { getDb } from "@/db";
import { withTransaction } from "@/db/transaction";
import {
  createOrGetActiveRotation,
  endLateSecretCheck,
  expireLease,
  listLateSecretChecks,
  listLeased,
  listOldSecretsDue,
  listRecoverable,
  type NewRotation,
} from "@/db/queries/rotations";
import { getApplication } from "@/db/queries/applications";
import { writeAudit } from "@/db/queries/audit";
import { findApplication } from "@/db/queries/applications";
import { refreshApplicationSnapshot } from "@/lib/applications/credential-snapshots";
import { isFinished, type Rotation } from "@/db/schema";
import { logger } from "@/lib/logger";
import { describeActorRef } from "@/lib/actor";
import { removeLateSecret, removeOldSecrets, runRotation } from "./engine";
import { Journal, newRunId, runnerIsGone } from "./journal";

// On globalThis, so every module instance in the process (route handlers, actions) shares it.
const globalRuns = globalThis as unknown as { rotorRunningRotations?: Map<string, Promise<Rotation | null>> };
const running = (globalRuns.rotorRunningRotations ??= new Map());

/** Runs a rotation in the background of this process (once per rotation at a time). */
export function startInBackground(rotation: Pick<Rotation, "id" | "tenantId">): Promise<Rotation | null> {
  const existing = running.get(rotation.id);
  if (existing) return existing;
  const run = runRotation(rotation.id, rotation.tenantId)
    .then(async (finished) => {
      if (finished && isFinished(finished.state)) await refreshSnapshotOf(finished);
      return finished;
    })
    .catch((error: unknown) => {
      logger.error({ rotationId: rotation.id, err: (error as Error).message }, "rotation runner crashed");
      return null;
    })
    .finally(() => running.delete(rotation.id));
  running.set(rotation.id, run);
  return run;
}

/** Still in this process's hands: a rotation whose state is final may be refreshing its snapshot, so it is not finished for the page yet. */
export function runsHere(rotationId: string): boolean {
  return running.has(rotationId);
}

/** A rotation changed (or tried to change) the application's secrets: the Applications page's snapshot follows. */
async function refreshSnapshotOf(rotation: Rotation): Promise<void> {
  const db = await getDb();
  const application = await findApplication(db, { tenantId: rotation.tenantId, applicationId: rotation.applicationId });
  if (application) await refreshApplicationSnapshot(db, application);
}

/**
 * Starts a rotation for an application, or returns the one already running (or the one an
 * idempotency key names); either way the caller gets it back at once and it runs in the background.
 */
export async function requestRotation(
  input: NewRotation,
  { start = true }: { start?: boolean } = {},
): Promise<{ rotation: Rotation; created: boolean; replayed: boolean }> {
  const db = await getDb();
  // The audit entry exists exactly when the rotation does: one transaction (database work only).
  const result = await withTransaction(db, async (tx) => {
    const requested = await createOrGetActiveRotation(tx, input);
    if (requested.created) {
      const app = await getApplication(tx, { applicationId: input.applicationId });
      await writeAudit(tx, {
        tenantId: input.tenantId,
        actor: await describeActorRef(tx, input.requestedBy),
        action: "rotation.started",
        target: { type: "application", id: input.applicationId },
        detail: { rotationId: requested.rotation.id, trigger: input.trigger, application: app?.displayName },
      });
    }
    return requested;
  });
  if (start && !isFinished(result.rotation.state)) void startInBackground(result.rotation);
  return result;
}

/**
 * Picks up what a stopped process left: unfinished rotations whose lease ran out or whose holder
 * died (a killed process on this host: waiting out its lease would leave the rotation stuck
 * until the next scheduled run), old secrets whose overlap has passed, and new secrets Graph
 * created after their rotation rolled back. Runs at start-up and before every scheduled run.
 */
export async function recoverRotations({ tenantId }: { tenantId?: string } = {}): Promise<{ resumed: number; cleaned: number }> {
  const db = await getDb();
  for (const r of await listLeased(db, { tenantId })) {
    if (runnerIsGone(r.leaseOwner) && (await expireLease(db, { rotationId: r.id, owner: r.leaseOwner }))) {
      logger.warn({ rotationId: r.id, owner: r.leaseOwner }, "taking over a rotation whose runner died");
    }
  }
  const stale = await listRecoverable(db, { tenantId });
  await Promise.all(stale.map((r) => startInBackground(r)));
  let cleaned = 0;
  for (const r of await listOldSecretsDue(db, { tenantId })) {
    const app = await getApplication(db, { applicationId: r.applicationId });
    if (!app) continue;
    const journal = new Journal(db, r, newRunId());
    if (await removeOldSecrets(journal, r.tenantId, app.objectId)) cleaned++;
  }
  for (const r of await listLateSecretChecks(db, { tenantId })) {
    const app = await getApplication(db, { applicationId: r.applicationId });
    const over = !app || r.lateSecretCheckUntil! < new Date();
    if (over || (await removeLateSecret(new Journal(db, r, newRunId()), r.tenantId, app))) {
      await endLateSecretCheck(db, { rotationId: r.id });
    }
  }
  return { resumed: stale.length, cleaned };
}
