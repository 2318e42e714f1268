import "server-only";
import type { Db } from "@/db";
import { listApplicationsForUser } from "@/db/queries/applications";
import { listCredentialSnapshots } from "@/db/queries/credential-snapshots";
import { latestRotations, retiringKeyIds } from "@/db/queries/rotations";
import { listUnmanagedSnapshots } from "@/db/queries/unmanaged-snapshots";
import type { Application, CredentialSnapshotEntry, Rotation } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/session";
import { secretViews } from "@/lib/applications/list";
import type { SecretView } from "@/lib/applications/views";
import { dueAt } from "@/lib/rotation/due";
import { scheduleStatus } from "@/lib/schedule/status";
import type { ExpiryFilter } from "@/lib/validations/expiry";

import { CHART_DAYS, SOON_DAYS } from "./constants";

const DAY_MS = 86_400_000;

export type ExpirySecret = SecretView;

export type ExpiryRow = {
  /** Rotor's id for a managed application; null for one it does not manage. */
  applicationId: string | null;
  appId: string;
  displayName: string;
  managed: boolean;
  /** Null when Rotor's service principal no longer owned it at the last snapshot, or none was taken yet. */
  secrets: ExpirySecret[] | null;
  /** When the schedule rotates it next (ISO); null when nothing will (not managed, schedule off, or the built-in scheduler off). */
  nextRotation: string | null;
  lastResult: { state: Rotation["state"]; finishedAt: string | null; failureReason: string | null } | null;
  failing: boolean;
};

export type ExpiryOverview = {
  rows: ExpiryRow[];
  counts: { applications: number; secrets: number; expired: number; soon: number; unmanaged: number; failing: number };
  /** Secrets expiring per week over the next CHART_DAYS days, managed and not, of the rows shown. */
  chart: { week: string; managed: number; unmanaged: number }[];
  /** When the oldest snapshot shown was taken (ISO), or null when none was taken yet. */
  asOf: string | null;
  /** How many rows there are before the filters (so an empty result can say "no match" or "nothing yet"). */
  total: number;
};

export type Viewer = Pick<CurrentUser, "tenantId" | "oid" | "role">;

/**
 * The expiry overview: every application Rotor's service principal owns with its secrets, their
 * expiry, the next scheduled rotation and the last result. Admins see the tenant's (unmanaged ones
 * too); anyone else the managed ones they own. Reads the stored snapshots only — never Graph.
 */
export async function loadExpiryOverview(db: Db, viewer: Viewer, filter: ExpiryFilter, now = new Date()): Promise<ExpiryOverview> {
  const isAdmin = viewer.role === "admin";
  const apps = await listApplicationsForUser(db, { tenantId: viewer.tenantId, ownerOid: viewer.oid, isAdmin });
  const ids = apps.map((a) => a.id);
  const snapshots = await listCredentialSnapshots(db, { tenantId: viewer.tenantId, applicationIds: ids });
  const rotations = await latestRotations(db, { applicationIds: ids });
  const retiring = await retiringKeyIds(db, { tenantId: viewer.tenantId });
  const schedule = await scheduleStatus(db, { tenantId: viewer.tenantId, now });
  const unmanaged = isAdmin ? await listUnmanagedSnapshots(db, { tenantId: viewer.tenantId }) : [];

  const managedRows = apps.map((app) => {
    const snapshot = snapshots.get(app.id);
    const credentials = snapshot?.owned ? snapshot.credentials : null;
    const rotation = rotations.get(app.id);
    return {
      applicationId: app.id,
      appId: app.appId,
      displayName: app.displayName,
      managed: true,
      secrets: credentials ? secretsOf(credentials, now, retiring.get(app.id)) : null,
      nextRotation: credentials ? nextRotation(app, credentials, schedule.nextRunAt, now, retiring.get(app.id)) : null,
      lastResult: rotation ? { state: rotation.state, finishedAt: rotation.finishedAt?.toISOString() ?? null, failureReason: rotation.failureReason } : null,
      failing: rotation?.state === "failed",
    } satisfies ExpiryRow;
  });
  // An application added since the last refresh is listed once, as managed.
  const managedAppIds = new Set(apps.map((a) => a.appId.toLowerCase()));
  const unmanagedRows = unmanaged.filter((u) => !managedAppIds.has(u.appId.toLowerCase())).map((u): ExpiryRow => ({ applicationId: null, appId: u.appId, displayName: u.displayName, managed: false, secrets: secretsOf(u.credentials, now), nextRotation: null, lastResult: null, failing: false }));
  const all = [...managedRows, ...unmanagedRows];
  const rows = all.filter((row) => matches(row, filter)).sort(bySoonest);

  const secrets = rows.flatMap((r) => r.secrets ?? []);
  const taken = [...[...snapshots.values()].map((s) => s.takenAt.getTime()), ...unmanaged.map((u) => u.takenAt.getTime())];
  return {
    rows,
    counts: {
      applications: rows.length,
      secrets: secrets.length,
      expired: secrets.filter((s) => s.daysLeft <= 0).length,
      soon: secrets.filter((s) => s.daysLeft > 0 && s.daysLeft <= SOON_DAYS).length,
      unmanaged: rows.filter((r) => !r.managed).length,
      failing: rows.filter((r) => r.failing).length,
    },
    chart: chartOf(rows, now),
    asOf: taken.length ? new Date(Math.min(...taken)).toISOString() : null,
    total: all.length,
  };
}

/** Its secrets, soonest first; one a rotation replaced is removed when its overlap ends, so it is not what expires. */
const secretsOf = (credentials: CredentialSnapshotEntry[], now: Date, retiring?: ReadonlyMap<string, Date>): ExpirySecret[] => secretViews(credentials, now, retiring).filter((s) => !s.retiringUntil);

/** The due run that will rotate it: its due date or the next run, whichever is later; null if no schedule will. */
function nextRotation(app: Application, credentials: CredentialSnapshotEntry[], nextRunAt: string | null, now: Date, retiring?: ReadonlyMap<string, Date>): string | null {
  if (!app.scheduleEnabled || !nextRunAt) return null;
  const due = dueAt(app, { passwordCredentials: credentials }, now, retiring);
  return new Date(Math.max(due.getTime(), Date.parse(nextRunAt))).toISOString();
}

function matches(row: ExpiryRow, filter: ExpiryFilter): boolean {
  if (filter.managed === "managed" && !row.managed) return false;
  if (filter.managed === "unmanaged" && row.managed) return false;
  if (filter.failing && !row.failing) return false;
  if (filter.within !== undefined && !(row.secrets ?? []).some((s) => s.daysLeft <= filter.within!)) return false;
  return true;
}

const soonest = (row: ExpiryRow) => (row.secrets?.length ? Date.parse(row.secrets[0]!.endDateTime) : Number.POSITIVE_INFINITY);
const bySoonest = (a: ExpiryRow, b: ExpiryRow) => soonest(a) - soonest(b) || a.displayName.localeCompare(b.displayName);

/** Secrets expiring in each week from today (week 1 = the next 7 days), for the chart. */
function chartOf(rows: ExpiryRow[], now: Date): ExpiryOverview["chart"] {
  const weeks = Math.ceil(CHART_DAYS / 7);
  const buckets = Array.from({ length: weeks }, (_, i) => ({ week: new Date(now.getTime() + i * 7 * DAY_MS).toISOString().slice(0, 10), managed: 0, unmanaged: 0 }));
  for (const row of rows) {
    for (const s of row.secrets ?? []) {
      const offset = Date.parse(s.endDateTime) - now.getTime();
      if (offset < 0 || offset >= CHART_DAYS * DAY_MS) continue;
      const bucket = buckets[Math.min(weeks - 1, Math.floor(offset / (7 * DAY_MS)))]!;
      bucket[row.managed ? "managed" : "unmanaged"]++;
    }
  }
  return buckets;
}
