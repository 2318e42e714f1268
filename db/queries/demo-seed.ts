import type { Db } from "../index";
import { applicationOwners, applications, tenantDevopsSettings, tenants } from "../tables";
import { withTransaction } from "../transaction";

/*
 * The demo's first data (scripts/seed-demo.ts says what it holds). Without `server-only`, like
 * audit-chain-upgrade.ts: the demo seeds before Next starts.
 */

export type DemoTenant = { id: string; name: string; devops: Omit<typeof tenantDevopsSettings.$inferInsert, "tenantId"> };
export type DemoApplication = Pick<typeof applications.$inferInsert, "id" | "tenantId" | "appId" | "objectId" | "displayName"> & { ownerOids: string[] };

export async function isEmpty(db: Db): Promise<boolean> {
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).limit(1);
  return !tenant;
}

/** Inserts the demo's tenants and managed applications with their owners, all or nothing. */
export async function insertDemoData(db: Db, { tenantRows, applicationRows, now = new Date() }: { tenantRows: DemoTenant[]; applicationRows: DemoApplication[]; now?: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    for (const tenant of tenantRows) {
      await tx.insert(tenants).values({ id: tenant.id, name: tenant.name });
      await tx.insert(tenantDevopsSettings).values({ tenantId: tenant.id, ...tenant.devops });
    }
    for (const { ownerOids, ...app } of applicationRows) {
      await tx.insert(applications).values(app);
      for (const ownerOid of ownerOids) await tx.insert(applicationOwners).values({ applicationId: app.id, ownerOid, syncedAt: now });
    }
  });
}
