import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { closeDatabase, openDatabase } from "../db";
import { insertDemoData, isEmpty } from "../db/queries/demo-seed";
import { APPS, TENANTS, USERS } from "../emulator/seed";
import { CONTOSO_REGISTRY_HOSTS } from "../emulator/seed-devops";

/**
 * The demo tenant, ready to use on first start: Contoso and Northwind known to Rotor, Contoso's
 * Azure DevOps integration on (service principal mode, home-tenant organizations for guests,
 * Contoso's own docker registry on the allow-list), and
 * the applications Rotor's service principal owns under management with their Entra owners. No
 * binding yet: binding one is what the demo shows. Only ever seeds an empty database.
 */
export async function seedDemo(dataDir: string): Promise<boolean> {
  const db = await openDatabase(join(dataDir, "rotor.db"));
  try {
    if (!(await isEmpty(db))) return false;
    await insertDemoData(db, {
      tenantRows: [TENANTS.contoso, TENANTS.northwind].map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        devops: {
          integrationEnabled: tenant === TENANTS.contoso,
          useServicePrincipal: true,
          includeHomeTenantOrgs: tenant === TENANTS.contoso,
          dockerRegistryHosts: tenant === TENANTS.contoso ? CONTOSO_REGISTRY_HOSTS : [],
        },
      })),
      applicationRows: APPS.filter((a) => a.managed).map((app) => ({
        id: randomUUID(),
        tenantId: TENANTS[app.tenant].id,
        appId: app.appId,
        objectId: app.objectId,
        displayName: app.displayName,
        ownerOids: app.owners.flatMap((key) => USERS.filter((u) => u.key === key).map((u) => u.oid)),
      })),
    });
    return true;
  } finally {
    closeDatabase(db);
  }
}
