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
