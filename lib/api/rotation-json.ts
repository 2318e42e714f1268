import { isFinished, type Rotation } from "@/db/schema";
import { parseActorRef } from "@/lib/actor";
import type { RotationJson } from "./schemas";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Who asked, by kind only: ids of people stay inside Rotor (the command line counts as the system). */
function requesterKind(requestedBy: string): RotationJson["requestedBy"]["kind"] {
  const { kind } = parseActorRef(requestedBy);
  return kind === "cli" ? "system" : kind;
}

/** A rotation as the scheduler API shows it: its journal's state and times, never a secret. */
export function rotationJson(rotation: Rotation): RotationJson {
  return {
    id: rotation.id,
    applicationId: rotation.applicationId,
    state: rotation.state,
    finished: isFinished(rotation.state),
    trigger: rotation.trigger,
    requestedBy: { kind: requesterKind(rotation.requestedBy) },
    createdAt: rotation.createdAt.toISOString(),
    startedAt: iso(rotation.startedAt),
    finishedAt: iso(rotation.finishedAt),
    failureReason: rotation.failureReason,
    newKeyId: rotation.newKeyId,
    newSecretExpiresAt: iso(rotation.newSecretExpiresAt),
    oldSecretsRemoveAfter: iso(rotation.oldSecretsRemoveAfter),
    oldSecretsRemovedAt: iso(rotation.oldSecretsRemovedAt),
  };
}

export const rotationPath = (rotationId: string) => `/api/v1/rotations/${rotationId}`;
