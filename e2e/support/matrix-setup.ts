import { expect, type Browser } from "@playwright/test";
import { APPS, TENANTS } from "../../emulator/seed";
import { CONTOSO_REGISTRY_HOSTS, DEVOPS_PROJECTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { EMULATOR_HTTP } from "../stack-config";
import { query, settle } from "./db";
import { prepareIdentities } from "./identities";
import type { MatrixContext } from "./matrix";
import { callAction, manifestActions, resultOf } from "./server-actions";

const TARGET = APPS.find((a) => a.key === "container-builds")!;
const action = (key: string) => {
  const ref = manifestActions().get(key);
  if (!ref) throw new Error(`${key} is not in the build's server-reference manifest`);
  return ref;
};
const managedId = (appId: string) => query<{ id: string }>("select id from applications where tenant_id = ? and app_id = ?", TENANTS.contoso.id, appId)[0]?.id;
const integrationOn = () => !!query<{ enabled: number }>("select integration_enabled as enabled from tenant_devops_settings where tenant_id = ?", TENANTS.contoso.id)[0]?.enabled;

async function ok(call: Promise<Awaited<ReturnType<typeof callAction>>>, what: string) {
  const result = resultOf(await call);
  expect(result, `${what}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
  return result as { ok: true; data: unknown };
}

/**
 * What the matrix needs, made here rather than taken from other specs: sessions and keys, the
 * target (Container Builds) under Rotor and bound by its owner to its docker registry connection
 * (the tenant's DevOps integration on and Contoso's registry on its allow-list), and a scratch
 * application in Entra ID for each Contoso admin to add and remove. `restore` revokes the keys,
 * unbinds the target and puts the settings back.
 */
export async function prepareMatrix(browser: Browser): Promise<{ ctx: MatrixContext; restore: () => Promise<void> }> {
  const ids = await prepareIdentities(browser, "isolation matrix");
  const admin = ids.clients.admin;
  // Left under Rotor afterwards: its rotated-out secret waits for the overlap, and Rotor refuses to drop it until then.
  if (!managedId(TARGET.appId)) await ok(callAction(admin, action("lib/actions/applications/add-application.ts#addApplication"), [{ appId: TARGET.appId }]), "Container Builds added");
  const turnedOn = !integrationOn();
  const saveSettings = action("lib/actions/settings/save-devops-settings.ts#saveDevopsSettings");
  const storedHosts = JSON.parse(query<{ hosts: string }>("select docker_registry_hosts as hosts from tenant_devops_settings where tenant_id = ?", TENANTS.contoso.id)[0]!.hosts) as string[];
  const settings = (on: boolean, hosts: string[]) => {
    const row = query<{ sp: number; home: number }>("select use_service_principal as sp, include_home_tenant_orgs as home from tenant_devops_settings where tenant_id = ?", TENANTS.contoso.id)[0]!;
    return [{ integrationEnabled: on, useServicePrincipal: !!row.sp, includeHomeTenantOrgs: !!row.home, pat: "", removePat: false, dockerRegistryHosts: hosts.join("\n") }];
  };
  await ok(callAction(admin, saveSettings, settings(true, CONTOSO_REGISTRY_HOSTS)), "DevOps integration on, Contoso's registry allowed");

  // The target bound to its docker connection by its owner, so Rotate now writes a secret somewhere.
  const saveApplication = action("lib/actions/applications/save-application-settings.ts#saveApplicationSettingsAction");
  const targetId = managedId(TARGET.appId)!;
  const policy = () => {
    const app = query<Record<string, number>>("select * from applications where id = ?", targetId)[0]!;
    return { secretLifetimeDays: app.secret_lifetime_days, rotateBeforeDays: app.rotate_before_days, overlapHours: app.overlap_hours, scheduleEnabled: !!app.schedule_enabled };
  };
  const wasBound = !!query<{ bound: number }>("select devops_enabled as bound from applications where id = ?", targetId)[0]?.bound;
  const payments = DEVOPS_PROJECTS.find((p) => p.name === "payments")!;
  const binding = { enabled: true, organization: "contoso-platform", organizationTenantId: TENANTS.contoso.id, projectId: payments.id, endpointId: SERVICE_CONNECTIONS.containerBuildsRegistry };
  if (!wasBound) await ok(callAction(ids.clients.owner, saveApplication, [{ applicationId: targetId, policy: policy(), devops: binding }]), "Container Builds bound by its owner");

  const bulk = await admin.post(`${EMULATOR_HTTP}/_emulator/bulk/applications`, { data: { tenant: "contoso", count: 2, secretExpiresInDays: 700 } });
  expect(bulk.ok(), "scratch applications created in the emulator").toBe(true);
  const [first, second] = ((await bulk.json()) as { value: { appId: string }[] }).value;

  const ctx: MatrixContext = {
    ids,
    target: { id: targetId, appId: TARGET.appId },
    scratch: { admin: { appId: first!.appId }, nonOwnerAdmin: { appId: second!.appId } },
    createdKeys: [],
    createdChannels: [],
  };
  await settle([TENANTS.contoso.id, TENANTS.northwind.id]);

  const restore = async () => {
    await settle([TENANTS.contoso.id, TENANTS.northwind.id]);
    const revoke = action("lib/actions/api-keys/revoke-api-key.ts#revokeApiKey");
    const keys = [
      ...ctx.createdKeys.map((k) => ({ client: k.tenant === "contoso" ? ids.clients.admin : ids.clients.otherTenantAdmin, id: k.id })),
      { client: ids.clients.admin, id: ids.keys.key.id },
      { client: ids.clients.otherTenantAdmin, id: ids.keys.otherTenantKey.id },
    ];
    for (const key of keys) {
      const revoked = query<{ at: number | null }>("select revoked_at as at from api_keys where id = ?", key.id)[0]?.at;
      if (revoked === null) await ok(callAction(key.client, revoke, [{ id: key.id }]), `key ${key.id} revoked`);
    }
    const removeChannel = action("lib/actions/notifications/remove-channel.ts#removeChannel");
    for (const channel of ctx.createdChannels) {
      const client = channel.tenant === "contoso" ? ids.clients.admin : ids.clients.otherTenantAdmin;
      if (query("select id from notification_channels where id = ?", channel.id).length) await ok(callAction(client, removeChannel, [{ id: channel.id }]), `webhook ${channel.id} removed`);
    }
    const remove = action("lib/actions/applications/remove-application.ts#removeApplication");
    for (const scratch of Object.values(ctx.scratch)) {
      const scratchId = managedId(scratch.appId);
      if (scratchId) await ok(callAction(ids.clients.admin, remove, [{ applicationId: scratchId }]), "scratch application removed");
    }
    if (!wasBound) await ok(callAction(ids.clients.owner, saveApplication, [{ applicationId: targetId, policy: policy(), devops: { enabled: false } }]), "Container Builds unbound again");
    await ok(callAction(ids.clients.admin, saveSettings, settings(!turnedOn, storedHosts)), "DevOps settings as they were");
    await ids.dispose();
  };
  return { ctx, restore };
}
