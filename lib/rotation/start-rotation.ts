import "server-only";
import type { Db } from "@/db";
import { isUniqueViolation } from "@/db/errors";
import { getApplicationForApiKey } from "@/db/queries/api-keys";
import type { Application, Rotation } from "@/db/schema";
import { actorRef, type ApiKeyActor, type PersonActor } from "@/lib/actor";
import { applicationForUser, isBound, requireLiveOwner } from "@/lib/applications/access";
import { AppError } from "@/lib/errors";
import { requestRotation } from "./runner";

export type StartRotationInput = {
  /** Rotor's application id; for an API key also the Entra application (client) id, within the key's tenant. */
  application: string;
  /** Scheduler API only: the same value answers with the same rotation for a day. */
  idempotencyKey?: string | null;
};

export type StartedRotation = { rotation: Rotation; created: boolean; replayed: boolean };

/**
 * Use case: rotate one application now, for a person ("Rotate now") or a scheduler's API key.
 * Access: an API key acts on its tenant's applications; a person on those applicationForUser
 * lets them see, and — into a bound connection, or for anyone but an admin — only as a live
 * owner in Entra ID (requireLiveOwner). Starts the rotation and writes `rotation.started` in one
 * transaction (lib/rotation/runner.ts), or hands back the running one or the one the idempotency
 * key names; either way it runs in the background.
 */
export async function startRotation(db: Db, actor: PersonActor | ApiKeyActor, input: StartRotationInput): Promise<StartedRotation> {
  const application = await applicationFor(db, actor, input.application);
  // Idempotency keys are stored per caller (`api-key:<id>:<value>`), so another key of the tenant
  // cannot use up a value first (a predictable one such as `release-2025-06-01`).
  const idempotencyKey = input.idempotencyKey ? `${actorRef(actor)}:${input.idempotencyKey}` : null;
  const started = await requestOnce({
    tenantId: application.tenantId,
    applicationId: application.id,
    trigger: actor.kind === "api_key" ? "api" : "manual",
    requestedBy: actorRef(actor),
    idempotencyKey,
  });
  if (started.rotation.applicationId !== application.id) {
    throw new AppError("conflict", "This Idempotency-Key was already used for a rotation of another application; send a new key for a new request.");
  }
  return started;
}

async function applicationFor(db: Db, actor: PersonActor | ApiKeyActor, ref: string): Promise<Application> {
  if (actor.kind === "api_key") {
    const app = await getApplicationForApiKey(db, { tenantId: actor.tenantId, ref });
    if (!app) {
      throw new AppError("not_found", "No application with that id is managed by Rotor in this API key's tenant (use Rotor's application id or the Entra application id).");
    }
    return app;
  }
  const app = await applicationForUser(db, actor, ref);
  // An admin who does not own it may still rotate it when the secret goes nowhere but Entra ID.
  if (actor.role !== "admin" || isBound(app)) await requireLiveOwner(actor, app);
  return app;
}

/** Another process may insert the same rotation at the same instant (PostgreSQL): the retry then finds it. */
async function requestOnce(input: Parameters<typeof requestRotation>[0]): Promise<StartedRotation> {
  try {
    return await requestRotation(input);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    try {
      return await requestRotation(input);
    } catch (again) {
      if (!isUniqueViolation(again)) throw again;
      throw new AppError("conflict", "Another request with this Idempotency-Key or for this application arrived at the same moment; try again.");
    }
  }
}
