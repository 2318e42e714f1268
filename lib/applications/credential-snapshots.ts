import "server-only";
import type { Db } from "@/db";
import { listTenantApplications } from "@/db/queries/applications";
import { saveCredentialSnapshots, type NewCredentialSnapshot } from "@/db/queries/credential-snapshots";
import { replaceUnmanagedSnapshots, type NewUnmanagedSnapshot } from "@/db/queries/unmanaged-snapshots";
import type { Application } from "@/db/schema";
import { AzureError } from "@/lib/azure/errors";
import { getApplication, listOwnedApplications, type GraphApplication, type PasswordCredential } from "@/lib/azure/graph";
import { logger } from "@/lib/logger";

/** What the snapshot keeps of a client secret: ids, hint, name and dates (Graph never sends the secret here). */
const entryOf = (c: PasswordCredential) => ({ keyId: c.keyId, hint: c.hint, displayName: c.displayName, startDateTime: c.startDateTime, endDateTime: c.endDateTime });

/** Each managed application's snapshot from one answer of Graph's owned-applications list. */
export function snapshotsFrom(tenantId: string, managed: Pick<Application, "id" | "appId">[], owned: GraphApplication[]): NewCredentialSnapshot[] {
  const byAppId = new Map(owned.map((a) => [a.appId.toLowerCase(), a]));
  return managed.map((app) => {
    const entra = byAppId.get(app.appId.toLowerCase());
    return { applicationId: app.id, tenantId, owned: !!entra, credentials: entra ? entra.passwordCredentials.map(entryOf) : [] };
  });
}

/** The applications of the same answer that Rotor does not manage (the expiry overview lists them too). */
export function unmanagedFrom(managed: Pick<Application, "appId">[], owned: GraphApplication[]): NewUnmanagedSnapshot[] {
  const managedIds = new Set(managed.map((a) => a.appId.toLowerCase()));
  return owned.filter((a) => !managedIds.has(a.appId.toLowerCase())).map((a) => ({ appId: a.appId, displayName: a.displayName, credentials: a.passwordCredentials.map(entryOf) }));
}

/**
 * Stores the snapshot of every application Rotor's service principal owns in the tenant: the
 * managed ones and, for the expiry overview, the others. `owned`: an answer of
 * listOwnedApplications the caller already has (sync, due run); without it, one Graph call.
 */
export async function refreshTenantSnapshots(db: Db, tenantId: string, { owned, now = new Date() }: { owned?: GraphApplication[]; now?: Date } = {}): Promise<Date> {
  const managed = await listTenantApplications(db, { tenantId });
  const answer = owned ?? (await listOwnedApplications(tenantId));
  if (managed.length) await saveCredentialSnapshots(db, { snapshots: snapshotsFrom(tenantId, managed, answer), takenAt: now });
  await replaceUnmanagedSnapshots(db, { tenantId, snapshots: unmanagedFrom(managed, answer), takenAt: now });
  return now;
}

/** Stores one application's snapshot from a Graph answer the caller already has (adding it). */
export async function saveApplicationSnapshot(db: Db, application: Pick<Application, "id" | "tenantId" | "appId">, entra: GraphApplication, now = new Date()): Promise<void> {
  await saveCredentialSnapshots(db, { snapshots: snapshotsFrom(application.tenantId, [application], [entra]), takenAt: now });
}

/**
 * Stores one application's snapshot (after a rotation or an add): one Graph call. A failure is
 * logged and leaves the older snapshot, which shows its age; it never fails the caller.
 */
export async function refreshApplicationSnapshot(db: Db, application: Pick<Application, "id" | "tenantId" | "appId">, now = new Date()): Promise<void> {
  try {
    await saveApplicationSnapshot(db, application, await getApplication(application.tenantId, application.appId), now);
  } catch (error) {
    if (error instanceof AzureError && error.status === 404) {
      await saveCredentialSnapshots(db, { snapshots: [{ applicationId: application.id, tenantId: application.tenantId, owned: false, credentials: [] }], takenAt: now });
      return;
    }
    logger.warn({ applicationId: application.id, err: (error as Error).message }, "the credential snapshot could not be refreshed");
  }
}
