import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { CONTOSO_REGISTRY_HOSTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { ORGANIZATIONS } from "../../emulator/seed";
import { emulator } from "./emulator";
import { seededApp } from "./rotor";

/** Puts a seeded application under Rotor with a binding, as the dialog would have saved it. */
export async function manage(key: string, binding?: { organization: string; projectName: string; endpointId: string }, policy: { overlapHours?: number } = {}) {
  const { getDb } = await import("@/db");
  const { applications, tenantDevopsSettings } = await import("@/db/schema");
  const { ensureTenant } = await import("@/db/queries/tenants");
  const { TENANTS } = await import("../../emulator/seed");
  const db = await getDb();
  const app = seededApp(key);
  const tenantId = TENANTS[app.tenant].id;
  await ensureTenant(db, { tenantId, name: TENANTS[app.tenant].name });
  db.update(tenantDevopsSettings).set({ integrationEnabled: true, useServicePrincipal: true, dockerRegistryHosts: CONTOSO_REGISTRY_HOSTS }).where(eq(tenantDevopsSettings.tenantId, tenantId)).run();
  const projectId = binding ? await projectIdOf(binding.organization, binding.projectName, tenantId) : null;
  const id = randomUUID();
  db.insert(applications)
    .values({
      id,
      tenantId,
      appId: app.appId,
      objectId: app.objectId,
      displayName: app.displayName,
      overlapHours: policy.overlapHours ?? 0,
      devopsEnabled: !!binding,
      devopsOrganization: binding?.organization ?? null,
      devopsOrganizationTenantId: binding ? tenantId : null,
      devopsProjectId: projectId,
      devopsProjectName: binding?.projectName ?? null,
      devopsEndpointId: binding?.endpointId ?? null,
      devopsEndpointName: binding ? Object.entries(SERVICE_CONNECTIONS).find(([, v]) => v === binding.endpointId)?.[0] ?? null : null,
    })
    .onConflictDoNothing()
    .run();
  return { id, tenantId, appId: app.appId, objectId: app.objectId };
}

/** A seeded organization is read with its own tenant's service principal; a bulk one with the application's tenant's. */
async function projectIdOf(organization: string, projectName: string, tenantId: string): Promise<string> {
  const { listProjects } = await import("@/lib/azure/devops/projects");
  const { servicePrincipalCredential } = await import("@/lib/azure/devops/credential");
  const org = ORGANIZATIONS.find((o) => o.name === organization);
  const { TENANTS } = await import("../../emulator/seed");
  const projects = await listProjects(servicePrincipalCredential(org ? TENANTS[org.tenant].id : tenantId), organization);
  return projects.find((p) => p.name === projectName)!.id;
}

export async function credentialStatus(endpointId: string): Promise<{ valid: boolean; keyId: string | null }> {
  return (await fetch(`${emulator().http}/_emulator/service-connections/${endpointId}/credential-status`)).json() as Promise<{ valid: boolean; keyId: string | null }>;
}

export async function secretsOf(appId: string): Promise<{ keyId: string; live: boolean; removed: boolean; displayName: string | null }[]> {
  const body = (await (await fetch(`${emulator().http}/_emulator/applications/${appId}/secrets`)).json()) as { value?: unknown[] } | unknown[];
  return (Array.isArray(body) ? body : (body.value ?? [])) as { keyId: string; live: boolean; removed: boolean; displayName: string | null }[];
}

export async function emulatorSettings(settings: { propagationDelayMs?: number; maxSecrets?: number | null }): Promise<void> {
  await fetch(`${emulator().http}/_emulator/settings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
}
