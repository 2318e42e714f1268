import "server-only";
import type { Db } from "@/db";
import { listApplicationsForUser, listOwnerOidsOf } from "@/db/queries/applications";
import { latestRotations, retiringKeyIds } from "@/db/queries/rotations";
import { getDevopsSettings } from "@/db/queries/tenants";
import type { Application, Rotation } from "@/db/schema";
import type { ApplicationView, OwnerView, SecretView } from "./views";
import type { CurrentUser } from "@/lib/auth/session";
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

export type ApplicationsPageData = {
  rows: ApplicationView[];
  /** For admins: what the Add application dialog offers. Empty for everyone else. */
  addable: AddableApplication[];
  /** Rows whose application Rotor's service principal no longer owns in Entra ID. */
  notOwnedIds: string[];
  /** Why Entra ID could not be read just now (Azure's sentence), or null. */
  entraError: string | null;
  devopsIntegrationEnabled: boolean;
  /** The tenant's due runs: the last one, what started it, and the next. */
  schedule: ScheduleStatus;
};

export type Viewer = Pick<CurrentUser, "tenantId" | "oid" | "role">;

/**
 * Everything the Applications page shows: Rotor's rows for the viewer (admins: the tenant's;
 * others: the ones they own) merged with their secrets from ONE Graph call for the whole tenant.
 * When Graph fails the rows still come back, with `secrets: null` and the reason.
 */
export async function loadApplications(db: Db, viewer: Viewer, now = new Date()): Promise<ApplicationsPageData> {
  const isAdmin = viewer.role === "admin";
  const apps = await listApplicationsForUser(db, { tenantId: viewer.tenantId, ownerOid: viewer.oid, isAdmin });
  const rotations = await latestRotations(db, { applicationIds: apps.map((a) => a.id) });
  const devopsIntegrationEnabled = (await getDevopsSettings(db, { tenantId: viewer.tenantId }))?.integrationEnabled ?? false;
  const ownerOids = await listOwnerOidsOf(db, { applicationIds: apps.map((a) => a.id) });
  const contacts = await resolveOwnerContacts(db, { tenantId: viewer.tenantId, oids: [...ownerOids.values()].flat() });
  // Names come from sign-ins (or Graph with User.ReadBasic.All): Graph's owners list gives ids only.
  const ownersOf = (id: string): OwnerView[] => (ownerOids.get(id) ?? []).map((oid) => ({ oid, name: contacts.get(oid)!.name, email: contacts.get(oid)!.email }));

  // A non-admin with nothing to show needs no Graph call: there is nothing to merge or to add.
  let owned: GraphApplication[] | null = [];
  let entraError: string | null = null;
  if (isAdmin || apps.length > 0) {
    try {
      owned = await listOwnedApplications(viewer.tenantId);
    } catch (error) {
      owned = null;
      entraError = describeEntraFailure(error);
      logger.warn({ tenantId: viewer.tenantId, err: (error as Error).message }, "Applications page: Entra ID could not be read");
    }
  }

  const byAppId = new Map((owned ?? []).map((a) => [a.appId, a]));
  const notOwnedIds = owned ? apps.filter((a) => !byAppId.has(a.appId)).map((a) => a.id) : [];
  const schedule = await scheduleStatus(db, { tenantId: viewer.tenantId, now });
  const retiring = await retiringKeyIds(db, { tenantId: viewer.tenantId });
  const rows = apps.map((app) => {
    const credentials = owned ? (byAppId.get(app.appId)?.passwordCredentials ?? null) : null;
    const view = toView(app, credentials, rotations.get(app.id), now, retiring.get(app.id));
    // Overdue only when Rotor knows the secrets (Graph answered and still lists the application).
    if (credentials) {
      const due = dueAt(app, { passwordCredentials: credentials }, now, retiring.get(app.id));
      const reason = overdueReason(app, { dueAt: due, lastRotation: view.lastRotation, status: schedule, now });
      view.overdue = reason ? { since: due.toISOString(), reason } : null;
    }
    return { ...view, owners: ownersOf(app.id) };
  });
  const managed = new Set(apps.map((a) => a.appId));
  const addable = isAdmin && owned ? owned.filter((a) => !managed.has(a.appId)).map(toAddable) : [];
  return { rows, addable, notOwnedIds, entraError, devopsIntegrationEnabled, schedule };
}

/** Which service failed and Azure's own sentence; never a stack or a request. */
export function describeEntraFailure(error: unknown): string {
  if (error instanceof AzureError) return `${label(error.service)}: ${error.message}`;
  return "An unexpected error occurred; the server log has the details.";
}

export function secretViews(credentials: PasswordCredential[], now: Date, retiring?: ReadonlyMap<string, Date>): SecretView[] {
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

function toView(app: Application, credentials: PasswordCredential[] | null, rotation: Rotation | undefined, now: Date, retiring?: ReadonlyMap<string, Date>): Omit<ApplicationView, "owners"> {
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
