import "server-only";
import type { Db } from "@/db";
import { listTenantApplications } from "@/db/queries/applications";
import { getWatchedOrganizations, saveConsumerScan } from "@/db/queries/consumers";
import { getDevopsSettings } from "@/db/queries/tenants";
import type { StoredConsumer, UnreadablePart } from "@/db/schema";
import { tenantCredential } from "@/lib/azure/devops/credential";
import { discoverConsumers, type OrganizationScan } from "@/lib/azure/devops/discovery";
import { AppError } from "@/lib/errors";

export type ApplicationConsumers = { applicationId: string; scannedAt: Date; organizations: string[]; consumers: StoredConsumer[]; unreadable: UnreadablePart[] };

/**
 * Scans the organizations the tenant watches for every service connection that authenticates as
 * its applications (all of them, or `applicationIds`), with the tenant credential, and stores each
 * application's result with the time of the scan. One pass serves every application: each project
 * is read once whatever their number. Nothing is stored when the scan cannot start (no watched
 * organization, integration off, no credential); what it could not read is stored with the result.
 *
 * Access is the caller's to check (a tenant admin, an owner of the application, the scheduler's
 * key, or the system after a sync); this reads and writes the tenant's own rows only.
 */
export async function scanConsumers(db: Db, { tenantId, applicationIds, now = new Date() }: { tenantId: string; applicationIds?: readonly string[]; now?: Date }): Promise<ApplicationConsumers[]> {
  const settings = await getDevopsSettings(db, { tenantId });
  if (!settings?.integrationEnabled) throw new AppError("invalid_input", "Turn on the Azure DevOps integration (System → Azure DevOps) before scanning for service connections.");
  const watched = await getWatchedOrganizations(db, { tenantId });
  if (!watched.length) throw new AppError("invalid_input", "Choose the organizations Rotor watches (System → Azure DevOps) before scanning for service connections.");
  const all = await listTenantApplications(db, { tenantId });
  const apps = applicationIds ? all.filter((a) => applicationIds.includes(a.id)) : all;
  if (applicationIds && apps.length !== new Set(applicationIds).size) throw new AppError("not_found", "No such application.");
  if (!apps.length) return [];

  const organizations = watched.map((o) => o.name);
  const scans = await discoverConsumers(await tenantCredential(tenantId), {
    organizations,
    appIds: apps.map((a) => a.appId),
    registryHosts: settings.dockerRegistryHosts,
    names: new Map(all.map((a) => [a.appId.toLowerCase(), a.displayName])),
  });
  const unreadable = unreadableParts(scans);

  const results: ApplicationConsumers[] = [];
  for (const app of apps) {
    const consumers = scans.flatMap((scan) =>
      scan.consumers
        .filter((c) => c.appId === app.appId.toLowerCase())
        .map(({ appId: _, verdict, ...c }) => ({
          ...c,
          supported: verdict.supported,
          reason: verdict.supported ? null : verdict.reason,
          bound: app.devopsEnabled && app.devopsEndpointId?.toLowerCase() === c.endpointId.toLowerCase() && app.devopsOrganization?.toLowerCase() === c.organization.toLowerCase(),
        })),
    );
    const result = { applicationId: app.id, scannedAt: now, organizations, consumers, unreadable };
    await saveConsumerScan(db, { tenantId, ...result });
    results.push(result);
  }
  return results;
}

/** Every project that could not be read, and every organization whose project list stopped. */
function unreadableParts(scans: OrganizationScan[]): UnreadablePart[] {
  return scans.flatMap((scan) => [
    ...(scan.error ? [{ organization: scan.organization, projectId: null, projectName: null, reason: scan.error }] : []),
    ...scan.unreadable.map((u) => ({ organization: u.organization, projectId: u.projectId, projectName: u.projectName, reason: u.reason })),
  ]);
}
