import type { Rotation } from "@/db/schema";
import type { RotationJson } from "./schemas";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** `user:<id>` / `api-key:<id>` / `system` → only the kind: ids of people stay inside Rotor. */
function requesterKind(requestedBy: string): RotationJson["requestedBy"]["kind"] {
  if (requestedBy.startsWith("user:")) return "user";
  if (requestedBy.startsWith("api-key:")) return "api_key";
  return "system";
}

/** A rotation as the scheduler API shows it: its journal's state and times, never a secret. */
export function rotationJson(rotation: Rotation): RotationJson {
  return {
    id: rotation.id,
    applicationId: rotation.applicationId,
    state: rotation.state,
    finished: rotation.state === "succeeded" || rotation.state === "failed",
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
