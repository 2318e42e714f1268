import "server-only";
import type { Db } from "@/db";
import { listTenantApplications } from "@/db/queries/applications";
import { saveCredentialSnapshots, type NewCredentialSnapshot } from "@/db/queries/credential-snapshots";
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

/**
 * Stores the snapshot of every application Rotor manages in the tenant. `owned`: an answer of
 * listOwnedApplications the caller already has (sync, due run); without it, one Graph call.
 */
export async function refreshTenantSnapshots(db: Db, tenantId: string, { owned, now = new Date() }: { owned?: GraphApplication[]; now?: Date } = {}): Promise<Date> {
  const managed = await listTenantApplications(db, { tenantId });
  if (managed.length === 0) return now;
  const answer = owned ?? (await listOwnedApplications(tenantId));
  await saveCredentialSnapshots(db, { snapshots: snapshotsFrom(tenantId, managed, answer), takenAt: now });
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
