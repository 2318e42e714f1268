import type { Db } from "../index";
import { applicationOwners, applications, notificationChannels, tenantDevopsSettings, tenantNotificationSettings, tenants, watchedOrganizations } from "../schema";
import { withTransaction } from "../transaction";

/*
 * The demo's first data (scripts/seed-demo.ts says what it holds). Without `server-only`, like
 * audit-chain-upgrade.ts: the demo seeds before Next starts.
 */

export type DemoTenant = {
  id: string;
  name: string;
  devops: Omit<typeof tenantDevopsSettings.$inferInsert, "tenantId">;
  watched: (typeof watchedOrganizations.$inferInsert)["organizations"];
};
export type DemoAlerts = {
  channels: (typeof notificationChannels.$inferInsert)[];
  settings: (typeof tenantNotificationSettings.$inferInsert)[];
};
export type DemoApplication = Pick<typeof applications.$inferInsert, "id" | "tenantId" | "appId" | "objectId" | "displayName"> & { ownerOids: string[] };

export async function isEmpty(db: Db): Promise<boolean> {
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).limit(1);
  return !tenant;
}

/** Inserts the demo's tenants, managed applications with their owners and alert channels, all or nothing. */
export async function insertDemoData(
  db: Db,
  { tenantRows, applicationRows, alerts, now = new Date() }: { tenantRows: DemoTenant[]; applicationRows: DemoApplication[]; alerts: DemoAlerts; now?: Date },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    for (const tenant of tenantRows) {
      await tx.insert(tenants).values({ id: tenant.id, name: tenant.name });
      await tx.insert(tenantDevopsSettings).values({ tenantId: tenant.id, ...tenant.devops });
      await tx.insert(watchedOrganizations).values({ tenantId: tenant.id, organizations: tenant.watched, updatedAt: now });
    }
    for (const { ownerOids, ...app } of applicationRows) {
      await tx.insert(applications).values(app);
      for (const ownerOid of ownerOids) await tx.insert(applicationOwners).values({ applicationId: app.id, ownerOid, syncedAt: now });
    }
    for (const channel of alerts.channels) await tx.insert(notificationChannels).values(channel);
    for (const settings of alerts.settings) await tx.insert(tenantNotificationSettings).values(settings);
  });
}
