import "server-only";
import type { Db } from "@/db";
import { listApplicationsPage, listOwnerOidsOf, listTenantApplications } from "@/db/queries/applications";
import { listCredentialSnapshots } from "@/db/queries/credential-snapshots";
import { latestRotations, retiringKeyIds } from "@/db/queries/rotations";
import { getDevopsSettings } from "@/db/queries/tenants";
import type { Application, Rotation } from "@/db/schema";
import type { ApplicationView, OwnerView, SecretView } from "./views";
import type { CurrentUser } from "@/lib/auth/session";
import type { ListParams } from "@/lib/validations/applications";
import { AzureError } from "@/lib/azure/errors";
import { label } from "@/lib/azure/http";
import { listOwnedApplications, type GraphApplication, type PasswordCredential } from "@/lib/azure/graph";
import { logger } from "@/lib/logger";
import { resolveOwnerContacts } from "@/lib/owners/contacts";
import { dueAt } from "@/lib/rotation/due";
import { overdueReason, scheduleStatus, type ScheduleStatus } from "@/lib/schedule/status";

const DAY_MS = 86_400_000;

/** An application Rotor's service principal owns in Entra ID that Rotor does not manage yet. */
export type AddableApplication = { appId: string; displayName: string; secretCount: number; latestExpiry: string | null };

/** Rows per page of the Applications page. */
export const APPLICATIONS_PAGE_SIZE = 25;

export type ApplicationsPageData = {
  /** One page of the rows the viewer sees, filtered and sorted by the database. */
  rows: ApplicationView[];
  /** How many applications the viewer sees in all, how many match the search, and the page served (1-based). */
  total: number;
  matching: number;
  page: number;
  pageSize: number;
  /** For an admin whose tenant manages nothing yet: what Add application offers (the onboarding's one Graph call). Empty otherwise. */
  addable: AddableApplication[];
  /** Rows whose application Rotor's service principal no longer owned at the last snapshot. */
  notOwnedIds: string[];
  /** Why Entra ID could not be read just now (Azure's sentence), or null. Only the onboarding view asks it. */
  entraError: string | null;
  /** When the oldest credential snapshot shown was taken (ISO), or null when no row has one yet. */
  secretsAsOf: string | null;
  devopsIntegrationEnabled: boolean;
  /** The tenant's due runs: the last one, what started it, and the next. */
  schedule: ScheduleStatus;
};

export type Viewer = Pick<CurrentUser, "tenantId" | "oid" | "role">;

/**
 * Everything the Applications page shows: Rotor's rows for the viewer (admins: the tenant's;
 * others: the ones they own) with their secrets from the credential snapshot in the database —
 * no Azure call per view. Sync, due runs, rotations and the page's Refresh keep the snapshot
 * fresh; a row without one shows its secrets as unknown.
 */
export async function loadApplications(db: Db, viewer: Viewer, { q = "", sort = "expiry", page: askedPage = 1, now = new Date() }: Partial<ListParams> & { now?: Date } = {}): Promise<ApplicationsPageData> {
  const isAdmin = viewer.role === "admin";
  const { rows: apps, total, matching, page } = await listApplicationsPage(db, { tenantId: viewer.tenantId, ownerOid: viewer.oid, isAdmin, q, sort, page: askedPage, pageSize: APPLICATIONS_PAGE_SIZE });
  const rotations = await latestRotations(db, { applicationIds: apps.map((a) => a.id) });
  const devopsIntegrationEnabled = (await getDevopsSettings(db, { tenantId: viewer.tenantId }))?.integrationEnabled ?? false;
  const ownerOids = await listOwnerOidsOf(db, { applicationIds: apps.map((a) => a.id) });
  const contacts = await resolveOwnerContacts(db, { tenantId: viewer.tenantId, oids: [...ownerOids.values()].flat() });
  // Names come from sign-ins (or Graph with User.ReadBasic.All): Graph's owners list gives ids only.
  const ownersOf = (id: string): OwnerView[] => (ownerOids.get(id) ?? []).map((oid) => ({ oid, name: contacts.get(oid)!.name, email: contacts.get(oid)!.email }));
  const snapshots = await listCredentialSnapshots(db, { tenantId: viewer.tenantId, applicationIds: apps.map((a) => a.id) });

  // Onboarding: an admin whose tenant manages nothing yet is offered what Rotor could add.
  let addable: AddableApplication[] = [];
  let entraError: string | null = null;
  if (isAdmin && total === 0) {
    try {
      addable = await listAddableApplications(db, viewer.tenantId);
    } catch (error) {
      entraError = describeEntraFailure(error);
      logger.warn({ tenantId: viewer.tenantId, err: (error as Error).message }, "Applications page: Entra ID could not be read");
    }
  }

  const notOwnedIds = apps.filter((a) => snapshots.get(a.id)?.owned === false).map((a) => a.id);
  const schedule = await scheduleStatus(db, { tenantId: viewer.tenantId, now });
  const retiring = await retiringKeyIds(db, { tenantId: viewer.tenantId });
  const rows = apps.map((app) => {
    const snapshot = snapshots.get(app.id);
    const credentials = snapshot?.owned ? snapshot.credentials : null;
    const view = toView(app, credentials, rotations.get(app.id), now, retiring.get(app.id));
    // Overdue only when Rotor knows the secrets (the snapshot lists the application).
    if (credentials) {
      const due = dueAt(app, { passwordCredentials: credentials }, now, retiring.get(app.id));
      const reason = overdueReason(app, { dueAt: due, lastRotation: view.lastRotation, status: schedule, now });
      view.overdue = reason ? { since: due.toISOString(), reason } : null;
    }
    return { ...view, owners: ownersOf(app.id) };
  });
  const taken = [...snapshots.values()].map((s) => s.takenAt.getTime());
  const secretsAsOf = taken.length ? new Date(Math.min(...taken)).toISOString() : null;
  return { rows, total, matching, page, pageSize: APPLICATIONS_PAGE_SIZE, addable, notOwnedIds, entraError, secretsAsOf, devopsIntegrationEnabled, schedule };
}

/** What Add application offers an admin: the applications Rotor's service principal owns that Rotor does not manage yet. One Graph call. */
export async function listAddableApplications(db: Db, tenantId: string): Promise<AddableApplication[]> {
  const owned = await listOwnedApplications(tenantId);
  const managed = new Set((await listTenantApplications(db, { tenantId })).map((a) => a.appId));
  return owned.filter((a) => !managed.has(a.appId)).map(toAddable);
}

/** Which service failed and Azure's own sentence; never a stack or a request. */
export function describeEntraFailure(error: unknown): string {
  if (error instanceof AzureError) return `${label(error.service)}: ${error.message}`;
  return "An unexpected error occurred; the server log has the details.";
}

export function secretViews(credentials: Pick<PasswordCredential, "keyId" | "hint" | "displayName" | "endDateTime">[], now: Date, retiring?: ReadonlyMap<string, Date>): SecretView[] {
  return credentials
    .map((c) => ({
      // Replaced by a rotation and removed once its overlap ends: shown as retiring, not as expiring.
      retiringUntil: retiring?.get(c.keyId)?.toISOString() ?? null,
      keyId: c.keyId,
      hint: c.hint,
      displayName: c.displayName,
      endDateTime: c.endDateTime,
      // Rounded up, so "0 days left" never shows for a secret that still works.
      daysLeft: Math.ceil((Date.parse(c.endDateTime) - now.getTime()) / DAY_MS),
    }))
    .sort((a, b) => Date.parse(a.endDateTime) - Date.parse(b.endDateTime));
}

function toView(app: Application, credentials: Pick<PasswordCredential, "keyId" | "hint" | "displayName" | "endDateTime">[] | null, rotation: Rotation | undefined, now: Date, retiring?: ReadonlyMap<string, Date>): Omit<ApplicationView, "owners"> {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    secrets: credentials ? secretViews(credentials, now, retiring) : null,
    policy: {
      secretLifetimeDays: app.secretLifetimeDays,
      rotateBeforeDays: app.rotateBeforeDays,
      overlapHours: app.overlapHours,
      scheduleEnabled: app.scheduleEnabled,
    },
    binding: {
      devopsEnabled: app.devopsEnabled,
      organization: app.devopsOrganization,
      organizationTenantId: app.devopsOrganizationTenantId,
      projectId: app.devopsProjectId,
      projectName: app.devopsProjectName,
      endpointId: app.devopsEndpointId,
      endpointName: app.devopsEndpointName,
      endpointType: app.devopsEndpointType,
    },
    lastRotation: rotation
      ? { state: rotation.state, finishedAt: rotation.finishedAt?.toISOString() ?? null, failureReason: rotation.failureReason, warning: rotation.warning }
      : null,
  };
}

function toAddable(app: GraphApplication): AddableApplication {
  const ends = app.passwordCredentials.map((c) => c.endDateTime).sort();
  return { appId: app.appId, displayName: app.displayName, secretCount: ends.length, latestExpiry: ends.at(-1) ?? null };
}
