import "server-only";
import type { Db } from "@/db";
import { listOwnerOids } from "@/db/queries/applications";
import { getNotificationSettings } from "@/db/queries/notification-channels";
import { listUnannouncedDueRuns, listUnannouncedFailedRotations, listUnannouncedStuckOldSecrets, recordEvent } from "@/db/queries/notifications";
import { listOutput } from "@/db/queries/rotations";
import { getTenant } from "@/db/queries/tenants";
import type { Application, Rotation } from "@/db/schema";
import { env } from "@/lib/env";
import { enqueueAlert } from "./enqueue";
import type { AlertEvent } from "./message";

/** How far back an event is still announced (a server stopped for a while catches up). */
const LOOK_BACK_MS = 7 * 24 * 3_600_000;
/** Old secrets are removed by the next due run after the overlap; alert when they are still there this long after. */
const OLD_SECRET_GRACE_MS = 3 * 3_600_000;

const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * Turns what the rotations and due-run tables already record durably into alerts: failed
 * rotations, old secrets still in place well after their overlap, and (opt-in) each due run's summary. Each is recorded as announced after its messages
 * are queued: a crash in between queues nothing twice (the outbox's dedup key) and loses nothing
 * (the next sweep finds it again). Answers how many events it announced.
 */
export async function announceRotationEvents(db: Db, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - LOOK_BACK_MS);
  let announced = 0;
  for (const { rotation, application } of await listUnannouncedFailedRotations(db, { since })) {
    await announce(db, "rotation.failed", rotation, application, now, {
      title: `Rotation of ${application.displayName} failed`,
      lines: [
        `The ${rotation.trigger === "schedule" ? "scheduled" : rotation.trigger} rotation of ${application.displayName} (${application.appId}) failed${rotation.finishedAt ? ` at ${utc(rotation.finishedAt)}` : ""}.`,
        rotation.failureReason ? `Reason: ${rotation.failureReason}` : "No reason was recorded.",
        "The application keeps the secret it had; nothing needs undoing. Check the reason, then rotate again.",
      ],
    });
    announced++;
  }
  for (const { rotation, application } of await listUnannouncedStuckOldSecrets(db, { since, before: new Date(now.getTime() - OLD_SECRET_GRACE_MS) })) {
    const why = (await listOutput(db, { rotationId: rotation.id }))
      .filter((line) => line.message.startsWith("Could not remove the old secret"))
      .at(-1)?.message;
    await announce(db, "old_secret.not_removed", rotation, application, now, {
      title: `Old secret of ${application.displayName} could not be removed`,
      lines: [
        `The rotation of ${application.displayName} (${application.appId}) succeeded, but its old secret(s) (${(rotation.oldKeyIds ?? []).length}) were due to be removed at ${utc(rotation.oldSecretsRemoveAfter!)} and are still valid.`,
        why ?? "Each due run tries again.",
        "Something may still use the old secret: find it, move it to the new one, then let the next due run remove it.",
      ],
    });
    announced++;
  }
  for (const run of await listUnannouncedDueRuns(db, { since })) {
    // Every finished run is considered once; only tenants that opted in get its summary.
    if ((await getNotificationSettings(db, { tenantId: run.tenantId })).dueRunSummary) {
      await enqueueAlert(db, {
        tenantId: run.tenantId,
        event: "due_run.summary",
        dedupKey: `due_run.summary:${run.id}`,
        now,
        message: {
          event: "due_run.summary",
          title: `Due run: ${run.started} rotation${run.started === 1 ? "" : "s"} started, ${run.failed} failed`,
          lines: [
            `The ${run.trigger === "built_in" ? "built-in scheduler's" : "scheduler API's"} due run of ${utc(run.startedAt)} finished at ${utc(run.finishedAt!)}.`,
            `Started ${run.started}, succeeded ${run.succeeded}, failed ${run.failed}, already running ${run.alreadyRunning}, not due ${run.notDue}, recovered ${run.recovered}.`,
            ...(run.error ? [`The run stopped: ${run.error}`] : []),
          ],
          occurredAt: run.finishedAt!.toISOString(),
          tenantName: (await getTenant(db, { tenantId: run.tenantId }))?.name ?? "your tenant",
          link: `${env().appUrl}/applications`,
        },
      });
      announced++;
    }
    await recordEvent(db, { tenantId: run.tenantId, type: "due_run.summary", sourceId: run.id });
  }
  return announced;
}

async function announce(db: Db, event: AlertEvent, rotation: Rotation, application: Application, now: Date, text: { title: string; lines: string[] }): Promise<void> {
  await enqueueAlert(db, {
    tenantId: rotation.tenantId,
    event,
    dedupKey: `${event}:${rotation.id}`,
    ownerOids: await listOwnerOids(db, { applicationId: application.id }),
    now,
    message: {
      event,
      ...text,
      occurredAt: (rotation.finishedAt ?? now).toISOString(),
      tenantName: (await getTenant(db, { tenantId: rotation.tenantId }))?.name ?? "your tenant",
      application: { id: application.id, name: application.displayName, appId: application.appId },
      rotationId: rotation.id,
      link: `${env().appUrl}/applications`,
    },
  });
  await recordEvent(db, { tenantId: rotation.tenantId, type: event, sourceId: rotation.id });
}
