import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../index";
import { tenantDevopsSettings, tenants, type Tenant, type TenantDevopsSettings } from "../schema";

export function getTenant(db: Db, { tenantId }: { tenantId: string }): Tenant | null {
  return db.select().from(tenants).where(eq(tenants.id, tenantId)).get() ?? null;
}

/** Creates the tenant on its first sign-in; an existing tenant keeps its name. */
export function ensureTenant(db: Db, { tenantId, name }: { tenantId: string; name: string }): Tenant {
  db.insert(tenants).values({ id: tenantId, name }).onConflictDoNothing().run();
  db.insert(tenantDevopsSettings).values({ tenantId }).onConflictDoNothing().run();
  return getTenant(db, { tenantId })!;
}

export function getDevopsSettings(db: Db, { tenantId }: { tenantId: string }): TenantDevopsSettings | null {
  return db.select().from(tenantDevopsSettings).where(eq(tenantDevopsSettings.tenantId, tenantId)).get() ?? null;
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
export function updateDevopsSettings(
  db: Db,
  { tenantId, userId, change, now = new Date() }: { tenantId: string; userId: string; change: DevopsSettingsChange; now?: Date },
): TenantDevopsSettings {
  const before = getDevopsSettings(db, { tenantId });
  if (!before) throw new Error(`Tenant ${tenantId} has no settings row.`);
  const pat =
    change.pat === undefined
      ? {}
      : change.pat === null
        ? { patSealed: null, patLast4: null, patSavedAt: null, patSavedBy: null }
        : { patSealed: change.pat.sealed, patLast4: change.pat.last4, patSavedAt: now, patSavedBy: userId };
  db.update(tenantDevopsSettings)
    .set({
      integrationEnabled: change.integrationEnabled,
      useServicePrincipal: change.useServicePrincipal,
      includeHomeTenantOrgs: change.includeHomeTenantOrgs,
      ...(change.dockerRegistryHosts ? { dockerRegistryHosts: change.dockerRegistryHosts } : {}),
      ...pat,
      updatedAt: now,
      updatedBy: userId,
    })
    .where(eq(tenantDevopsSettings.tenantId, tenantId))
    .run();
  return before;
}
