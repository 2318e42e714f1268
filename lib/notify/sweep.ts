import "server-only";
import type { Db } from "@/db";
import { listOwnerOids } from "@/db/queries/applications";
import { listUnannouncedFailedRotations, recordEvent } from "@/db/queries/notifications";
import { getTenant } from "@/db/queries/tenants";
import { env } from "@/lib/env";
import { enqueueAlert } from "./enqueue";

/** How far back a failed rotation is still announced (a server stopped for a while catches up). */
const LOOK_BACK_MS = 7 * 24 * 3_600_000;

/**
 * Turns failed rotations into alerts. It reads the rotations table, where the failure is already
 * stored durably, and records each announced rotation after its messages are queued: a crash in
 * between queues nothing twice (the outbox's dedup key) and loses nothing (the next sweep finds
 * the rotation again). Answers how many rotations it announced.
 */
export async function announceFailedRotations(db: Db, now = new Date()): Promise<number> {
  const failed = await listUnannouncedFailedRotations(db, { since: new Date(now.getTime() - LOOK_BACK_MS) });
  for (const { rotation, application } of failed) {
    const tenantName = getTenant(db, { tenantId: rotation.tenantId })?.name ?? "your tenant";
    await enqueueAlert(db, {
      tenantId: rotation.tenantId,
      event: "rotation.failed",
      dedupKey: `rotation.failed:${rotation.id}`,
      ownerOids: listOwnerOids(db, { applicationId: application.id }),
      now,
      message: {
        event: "rotation.failed",
        title: `Rotation of ${application.displayName} failed`,
        lines: [
          `The ${rotation.trigger === "schedule" ? "scheduled" : rotation.trigger} rotation of ${application.displayName} (${application.appId}) failed${rotation.finishedAt ? ` at ${rotation.finishedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}.`,
          rotation.failureReason ? `Reason: ${rotation.failureReason}` : "No reason was recorded.",
          "The application keeps the secret it had; nothing needs undoing. Check the reason, then rotate again.",
        ],
        occurredAt: (rotation.finishedAt ?? now).toISOString(),
        tenantName,
        application: { id: application.id, name: application.displayName, appId: application.appId },
        rotationId: rotation.id,
        link: `${env().appUrl}/applications`,
      },
    });
    await recordEvent(db, { tenantId: rotation.tenantId, type: "rotation.failed", sourceId: rotation.id });
  }
  return failed.length;
}
