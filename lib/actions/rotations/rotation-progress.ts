"use server";

import { getDb } from "@/db";
import { isFinished } from "@/db/schema";
import { getRotation, listOutput, listRotationsForApplication } from "@/db/queries/rotations";
import { safeAction } from "@/lib/actions/safe-action";
import { applicationForUser } from "@/lib/applications/access";
import { AppError } from "@/lib/errors";
import { describeActorRef } from "@/lib/actor";
import { runsHere } from "@/lib/rotation/runner";
import { z } from "zod";

export type RotationLine = { id: number; at: string; level: "info" | "warn" | "error"; message: string };
export type RotationProgress = {
  id: string;
  state: string;
  failureReason: string | null;
  /** Succeeded, but a bound service connection was left untouched (amber, never plain success). */
  warning: string | null;
  /** The new secret's key id once created, so the row can name the secret it now shows. */
  newKeyId: string | null;
  finished: boolean;
  lines: RotationLine[];
};

/** A rotation's state and the output lines after `afterId`, polled by the dialog while it runs. */
export const getRotationProgress = safeAction({
  name: "getRotationProgress",
  schema: z.object({ rotationId: z.uuid(), afterId: z.number().int().min(0).default(0) }).strict(),
  handler: async ({ rotationId, afterId }, user): Promise<RotationProgress> => {
    const db = await getDb();
    const rotation = await getRotation(db, { rotationId, tenantId: user.tenantId });
    if (!rotation) throw new AppError("not_found", "That rotation does not exist in your tenant.");
    await applicationForUser(db, user, rotation.applicationId);
    return {
      id: rotation.id,
      state: rotation.state,
      failureReason: rotation.failureReason,
      warning: rotation.warning,
      newKeyId: rotation.newKeyId,
      // Finished once this process has also refreshed the application's credential snapshot, so the page reloaded next shows the new secret.
      finished: isFinished(rotation.state) && !runsHere(rotation.id),
      lines: (await listOutput(db, { rotationId, afterId })).map((l) => ({ id: l.id, at: l.at.toISOString(), level: l.level, message: l.message })),
    };
  },
});

export type RotationHistoryEntry = {
  id: string;
  trigger: string;
  startedBy: string;
  state: string;
  createdAt: string;
  durationMs: number | null;
  failureReason: string | null;
  warning: string | null;
};

/** The application's past rotations, newest first: trigger, who or what started them, duration and result. */
export const listRotationHistory = safeAction({
  name: "listRotationHistory",
  schema: z.object({ applicationId: z.uuid() }).strict(),
  handler: async ({ applicationId }, user): Promise<RotationHistoryEntry[]> => {
    const db = await getDb();
    await applicationForUser(db, user, applicationId);
    return Promise.all((await listRotationsForApplication(db, { applicationId, limit: 20 })).map(async (r) => ({
      id: r.id,
      trigger: r.trigger,
      startedBy: (await describeActorRef(db, r.requestedBy)).name,
      state: r.state,
      createdAt: r.createdAt.toISOString(),
      durationMs: r.finishedAt ? r.finishedAt.getTime() - (r.startedAt ?? r.createdAt).getTime() : null,
      failureReason: r.failureReason,
      warning: r.warning,
    })));
  },
});
