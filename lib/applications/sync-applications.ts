import "server-only";
import type { Db } from "@/db";
import { listOwnerOidsOf, listTenantApplications, replaceApplicationOwners, updateApplicationFromEntra } from "@/db/queries/applications";
import { writeAudit } from "@/db/queries/audit";
import type { CurrentUser } from "@/lib/auth/session";
import { listOwnedApplications, listOwners, type Owner } from "@/lib/azure/graph";
import type { Application } from "@/db/schema";
import { resolveOwnerContacts } from "@/lib/owners/contacts";
import { ownerInWords } from "@/lib/owners/words";
import { plural } from "./add-application";
import { assertAdmin, auditActor } from "@/lib/actor";
import { refreshTenantSnapshots } from "./credential-snapshots";
import { describeEntraFailure } from "./list";
import { mapSettledWithLimit } from "@/lib/concurrency";
import { withTransaction } from "@/db/transaction";

/** Graph calls in flight at once: fast enough for a few hundred applications, gentle on throttling. */
export const OWNER_LOOKUPS_IN_FLIGHT = 4;

export type SyncSummary = {
  checked: number;
  renamed: number;
  ownersChanged: number;
  /** Managed applications Rotor's service principal no longer owns in Entra ID (left as they are). */
  notOwned: string[];
  /** Applications whose owners could not be read, with Azure's reason (left as they are). */
  failed: { displayName: string; reason: string }[];
};

/**
 * Refreshes the display name and the owners of every application Rotor manages in the admin's
 * tenant from Entra ID: one listOwnedApplications call, then the owners of each application, at
 * most OWNER_LOOKUPS_IN_FLIGHT at once. Audited with its counts.
 */
export async function syncManagedApplications(db: Db, admin: CurrentUser, now = new Date()): Promise<SyncSummary> {
  assertAdmin(admin);
  const managed = await listTenantApplications(db, { tenantId: admin.tenantId });
  const ownedList = managed.length ? await listOwnedApplications(admin.tenantId) : [];
  const owned = new Map(ownedList.map((a) => [a.appId, a]));
  const present = managed.filter((app) => owned.has(app.appId));
  const owners = await mapSettledWithLimit(present, OWNER_LOOKUPS_IN_FLIGHT, (app) => listOwners(admin.tenantId, owned.get(app.appId)!.id));

  const ownerChanges = await describeOwnerChanges(db, admin.tenantId, present, owners);

  const summary: SyncSummary = {
    checked: managed.length,
    renamed: 0,
    ownersChanged: 0,
    notOwned: managed.filter((app) => !owned.has(app.appId)).map((app) => app.displayName),
    failed: [],
  };
  await withTransaction(db, async () => {
    for (const [i, app] of present.entries()) {
      const entra = owned.get(app.appId)!;
      if (await updateApplicationFromEntra(db, { applicationId: app.id, displayName: entra.displayName, objectId: entra.id })) summary.renamed++;
      const result = owners[i]!;
      if (result.status === "rejected") {
        summary.failed.push({ displayName: entra.displayName, reason: describeEntraFailure(result.reason) });
        continue;
      }
      const ownerOids = result.value.filter((o) => o.type === "user").map((o) => o.id);
      const { added, removed } = await replaceApplicationOwners(db, { applicationId: app.id, ownerOids, now });
      if (added + removed > 0) summary.ownersChanged++;
    }
    await writeAudit(db, {
      tenantId: admin.tenantId,
      actor: auditActor(admin),
      action: "applications.synced",
      target: { type: "tenant", id: admin.tenantId },
      detail: {
        checked: summary.checked,
        renamed: summary.renamed,
        ownersChanged: summary.ownersChanged,
        notOwned: summary.notOwned.length,
        failed: summary.failed.length,
        changes: [...describeSync(summary), ...ownerChanges],
      },
      at: now,
    });
  });
  // The same answer refreshes every application's credential snapshot (what the Applications page shows).
  if (managed.length) await refreshTenantSnapshots(db, admin.tenantId, { owned: ownedList, now });
  return summary;
}

/** The summary in words, for the audit log and the button's outcome. */
export function describeSync(s: SyncSummary): string[] {
  return [
    `${plural(s.checked, "application")} checked`,
    `${s.renamed} renamed`,
    `owners changed on ${s.ownersChanged}`,
    ...(s.notOwned.length ? [`no longer owned by Rotor's service principal: ${s.notOwned.join(", ")}`] : []),
    ...s.failed.map((f) => `${f.displayName} not read: ${f.reason}`),
  ];
}

/** "Payments API: owner added: Omar Owens (…); owner removed: Unknown owner (never signed in to Rotor)", per changed application. */
async function describeOwnerChanges(db: Db, tenantId: string, apps: Application[], owners: PromiseSettledResult<Owner[]>[]): Promise<string[]> {
  const stored = await listOwnerOidsOf(db, { applicationIds: apps.map((a) => a.id) });
  const diffs = apps.flatMap((app, i) => {
    const result = owners[i]!;
    if (result.status === "rejected") return [];
    const before = new Set(stored.get(app.id) ?? []);
    const after = new Set(result.value.filter((o) => o.type === "user").map((o) => o.id));
    const added = [...after].filter((oid) => !before.has(oid));
    const removed = [...before].filter((oid) => !after.has(oid));
    return added.length + removed.length ? [{ app, added, removed }] : [];
  });
  if (!diffs.length) return [];
  const contacts = await resolveOwnerContacts(db, { tenantId, oids: diffs.flatMap((d) => [...d.added, ...d.removed]) });
  const words = (oids: string[], what: string) => (oids.length ? [`${what}: ${oids.map((oid) => ownerInWords(contacts.get(oid)!)).join(", ")}`] : []);
  return diffs.map((d) => `${d.app.displayName}: ${[...words(d.added, "owner added"), ...words(d.removed, "owner removed")].join("; ")}`);
}
