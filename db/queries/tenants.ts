import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../index";
import { tenantDevopsSettings, tenants, type Tenant, type TenantDevopsSettings } from "../schema";
import { withTransaction } from "../transaction";

export async function getTenant(db: Db, { tenantId }: { tenantId: string }): Promise<Tenant | null> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return tenant ?? null;
}

/** Creates the tenant on its first sign-in; an existing tenant keeps its name. */
export async function ensureTenant(db: Db, { tenantId, name }: { tenantId: string; name: string }): Promise<Tenant> {
  return withTransaction(db, async (tx) => {
    await tx.insert(tenants).values({ id: tenantId, name }).onConflictDoNothing();
    await tx.insert(tenantDevopsSettings).values({ tenantId }).onConflictDoNothing();
    return (await getTenant(tx, { tenantId }))!;
  });
}

export async function getDevopsSettings(db: Db, { tenantId }: { tenantId: string }): Promise<TenantDevopsSettings | null> {
  const [settings] = await db.select().from(tenantDevopsSettings).where(eq(tenantDevopsSettings.tenantId, tenantId)).limit(1);
  return settings ?? null;
}

export type DevopsSettingsChange = {
  integrationEnabled: boolean;
  useServicePrincipal: boolean;
  includeHomeTenantOrgs: boolean;
  /** `undefined` keeps the stored PAT, `null` removes it. */
  pat?: { sealed: string; last4: string } | null;
  /** `undefined` keeps the stored docker registry allow-list. */
  dockerRegistryHosts?: string[];
};

/** Saves the tenant's settings; returns the row as it was before, for the audit entry. */
export async function updateDevopsSettings(
  db: Db,
  { tenantId, userId, change, now = new Date() }: { tenantId: string; userId: string; change: DevopsSettingsChange; now?: Date },
): Promise<TenantDevopsSettings> {
  return withTransaction(db, async (tx) => {
    const before = await getDevopsSettings(tx, { tenantId });
    if (!before) throw new Error(`Tenant ${tenantId} has no settings row.`);
    const pat =
      change.pat === undefined
        ? {}
        : change.pat === null
          ? { patSealed: null, patLast4: null, patSavedAt: null, patSavedBy: null }
          : { patSealed: change.pat.sealed, patLast4: change.pat.last4, patSavedAt: now, patSavedBy: userId };
    await tx
      .update(tenantDevopsSettings)
      .set({
        integrationEnabled: change.integrationEnabled,
        useServicePrincipal: change.useServicePrincipal,
        includeHomeTenantOrgs: change.includeHomeTenantOrgs,
        ...(change.dockerRegistryHosts ? { dockerRegistryHosts: change.dockerRegistryHosts } : {}),
        ...pat,
        updatedAt: now,
        updatedBy: userId,
      })
      .where(eq(tenantDevopsSettings.tenantId, tenantId));
    return before;
  });
}
