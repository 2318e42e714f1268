import "server-only";
import type { Db } from "@/db";
import { getWatchedOrganizations } from "@/db/queries/consumers";
import { getDevopsSettings } from "@/db/queries/tenants";
import type { StoredConsumer, UnreadablePart } from "@/db/schema";
import { scanConsumers } from "./scan";

export type RemovalBlocker = { kind: "consumer"; consumer: StoredConsumer } | { kind: "unreadable"; part: UnreadablePart };

export type RemovalGate =
  | { kind: "clear"; scannedAt: Date }
  | { kind: "blocked"; scannedAt: Date; blockers: RemovalBlocker[] }
  /** No scan could be made (integration off, or no organization watched): consumers were not checked. */
  | { kind: "unchecked"; reason: string };

/**
 * What stands between an application's old secrets and their removal (issue 11, item 4): every
 * consumer that holds a secret of the application but not the one Rotor just wrote (its stamp does
 * not name `newKeyId`: unbound, failed, or stamped by an earlier rotation), and every project or
 * organization the scan could not read — a connection there might hold the old secret.
 */
export function removalBlockers(consumers: readonly StoredConsumer[], unreadable: readonly UnreadablePart[], newKeyId: string): RemovalBlocker[] {
  return [
    ...consumers.filter((c) => c.holdsSecret && c.stampedKeyId !== newKeyId).map((consumer) => ({ kind: "consumer" as const, consumer })),
    ...unreadable.map((part) => ({ kind: "unreadable" as const, part })),
  ];
}

/**
 * The removal step's own call: a fresh scan of the application (stored, like every scan), then
 * whether its old secrets may go. Called by the rotation just before it removes old secrets.
 */
export async function checkRemoval(db: Db, { tenantId, applicationId, newKeyId, now = new Date() }: { tenantId: string; applicationId: string; newKeyId: string; now?: Date }): Promise<RemovalGate> {
  if (!(await getDevopsSettings(db, { tenantId }))?.integrationEnabled) return { kind: "unchecked", reason: "the Azure DevOps integration is off" };
  if (!(await getWatchedOrganizations(db, { tenantId })).length) return { kind: "unchecked", reason: "no Azure DevOps organization is watched" };
  const [scan] = await scanConsumers(db, { tenantId, applicationIds: [applicationId], now });
  const blockers = removalBlockers(scan!.consumers, scan!.unreadable, newKeyId);
  return blockers.length ? { kind: "blocked", scannedAt: scan!.scannedAt, blockers } : { kind: "clear", scannedAt: scan!.scannedAt };
}

/** One output line per blocker, naming the connection (never a secret). */
export function describeBlocker(blocker: RemovalBlocker): string {
  if (blocker.kind === "unreadable") {
    const where = blocker.part.projectName ? `${blocker.part.organization}/${blocker.part.projectName}` : blocker.part.organization;
    return `Kept the old secret: ${where} could not be read (${blocker.part.reason.replace(/\.$/, "")}), and a connection there may hold it.`;
  }
  const c = blocker.consumer;
  const why = c.bound ? (c.stampedKeyId ? "it still holds an earlier secret" : "its update is not confirmed") : "it is not bound to Rotor";
  return `Kept the old secret: ${c.name} in ${c.organization}/${c.projects.map((p) => p.name).join(", ")} may still use it (${why}).`;
}
