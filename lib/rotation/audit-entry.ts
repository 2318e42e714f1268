import "server-only";
import type { Db } from "@/db";
import type { AuditInput } from "@/db/queries/audit";
import type { Application, Rotation } from "@/db/schema";
import { describeActorRef } from "@/lib/actor";
import type { Binding } from "./context";

/** What a finished rotation did to the application's service connection, for the audit log. */
export type ConnectionOutcome =
  | { outcome: "updated"; name: string; organization: string; project: string }
  | { outcome: "unchanged"; name: string; organization: string; project: string }
  | { outcome: "not_touched"; reason: string };

export function connectionOutcome(rotation: Rotation, binding: Binding | null, skipReason: string | null): ConnectionOutcome {
  if (!binding) return { outcome: "not_touched", reason: skipReason ?? "no service connection is bound" };
  const where = { name: binding.endpointName, organization: binding.organization, project: binding.project };
  // A rotation only succeeds once the connection holds the new secret; a failed one leaves it (or puts it back) on a working one.
  return rotation.state === "succeeded" ? { outcome: "updated", ...where } : { outcome: "unchanged", ...where };
}

/** The connection outcome in words, as the audit page and export show it. */
export function describeConnection(c: ConnectionOutcome): string {
  if (c.outcome === "not_touched") return `service connection not touched (${c.reason})`;
  const name = `service connection ${c.name} (${c.organization})`;
  return c.outcome === "updated" ? `${name} now holds the new secret` : `${name} unchanged, still on a working secret`;
}

/** The audit entry of a rotation that ended: which application, what happened to its connection, and why it failed. */
export async function rotationAuditEntry(db: Db, rotation: Rotation, { application, binding, skipReason }: { application: Pick<Application, "displayName" | "appId">; binding: Binding | null; skipReason: string | null }): Promise<AuditInput> {
  const connection = connectionOutcome(rotation, binding, skipReason);
  return {
    tenantId: rotation.tenantId,
    actor: await describeActorRef(db, rotation.requestedBy),
    action: rotation.state === "succeeded" ? "rotation.succeeded" : "rotation.failed",
    target: { type: "application", id: rotation.applicationId },
    detail: {
      application: application.displayName,
      appId: application.appId,
      rotationId: rotation.id,
      trigger: rotation.trigger,
      connection,
      changes: [describeConnection(connection), ...(rotation.newKeyId && rotation.state === "succeeded" ? [`new secret ${rotation.newKeyId}`] : [])],
      ...(rotation.failureReason ? { reason: rotation.failureReason } : {}),
    },
  };
}
