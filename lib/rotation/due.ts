import "server-only";
import { getDb } from "@/db";
import { listTenantApplications } from "@/db/queries/applications";
import { refreshTenantSnapshots } from "@/lib/applications/credential-snapshots";
import { retiringKeyIds } from "@/db/queries/rotations";
import type { Application, Rotation } from "@/db/schema";
import { listOwnedApplications, type GraphApplication } from "@/lib/azure/graph";
import { mapLimit } from "@/lib/concurrency";
import { requestRotation, recoverRotations, startInBackground } from "./runner";

const DAY_MS = 86_400_000;

/**
 * When an application's rotation falls due: `rotateBeforeDays` before its soonest live secret
 * expires (now, when it has none). Secrets a rotation already replaced (`retiring`, still in their
 * overlap) do not count: otherwise an application would fall due again right after its rotation.
 */
export function dueAt(
  app: Pick<Application, "rotateBeforeDays">,
  graphApp: Pick<GraphApplication, "passwordCredentials"> | undefined,
  now = new Date(),
  retiring: ReadonlySet<string> | ReadonlyMap<string, unknown> = new Set(),
): Date {
  const expiries = (graphApp?.passwordCredentials ?? [])
    .filter((p) => !retiring.has(p.keyId))
    .map((p) => Date.parse(p.endDateTime))
    .filter((t) => t > now.getTime());
  if (expiries.length === 0) return now;
  return new Date(Math.min(...expiries) - app.rotateBeforeDays * DAY_MS);
}

export type DueRun = { started: Rotation[]; alreadyRunning: Rotation[]; notDue: number; recovered: number };

/**
 * Starts every rotation due in a tenant — scheduled applications whose soonest secret expires
 * within their policy's window — with at most `concurrency` running at once, and waits for them.
 * First recovers what a stopped process left behind and removes old secrets whose overlap passed.
 * One Graph call reads every application's secrets.
 */
export async function runDueRotations(
  { tenantId, requestedBy, trigger = "schedule", concurrency = 8, now = new Date() }: { tenantId: string; requestedBy: string; trigger?: "schedule" | "api"; concurrency?: number; now?: Date },
): Promise<DueRun> {
  const db = await getDb();
  const recovered = await recoverRotations({ tenantId });
  const managed = await listTenantApplications(db, { tenantId, scheduled: true });
  if (managed.length === 0) return { started: [], alreadyRunning: [], notDue: 0, recovered: recovered.resumed };
  const owned = await listOwnedApplications(tenantId);
  const secrets = new Map(owned.map((a) => [a.appId, a]));
  // The answer that decides what is due also refreshes the Applications page's snapshot.
  await refreshTenantSnapshots(db, tenantId, { owned, now });
  const retiring = await retiringKeyIds(db, { tenantId });
  const due = managed.filter((app) => dueAt(app, secrets.get(app.appId), now, retiring.get(app.id)) <= now);
  const requested = await mapLimit(due, 32, (app) => requestRotation({ tenantId, applicationId: app.id, trigger, requestedBy }, { start: false }));
  const started = requested.filter((r) => r.created).map((r) => r.rotation);
  const alreadyRunning = requested.filter((r) => !r.created).map((r) => r.rotation);
  const finished = await mapLimit(started, concurrency, (r) => startInBackground(r));
  return {
    started: finished.map((r, i) => r ?? started[i]!),
    alreadyRunning,
    notDue: managed.length - due.length,
    recovered: recovered.resumed,
  };
}
