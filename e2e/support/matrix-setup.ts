import { expect, type Browser } from "@playwright/test";
import { APPS, TENANTS } from "../../emulator/seed";
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
 * target (Container Builds) under Rotor, the tenant's DevOps integration on (the look-ups need
 * it), and a scratch application in Entra ID for add and remove. `restore` revokes the keys and
 * puts the integration switch back.
 */
export async function prepareMatrix(browser: Browser): Promise<{ ctx: MatrixContext; restore: () => Promise<void> }> {
  const ids = await prepareIdentities(browser, "isolation matrix");
  const admin = ids.clients.admin;
  // Left under Rotor afterwards: its rotated-out secret waits for the overlap, and Rotor refuses to drop it until then.
  if (!managedId(TARGET.appId)) await ok(callAction(admin, action("lib/actions/applications/add-application.ts#addApplication"), [{ appId: TARGET.appId }]), "Container Builds added");
  const turnedOn = !integrationOn();
  const saveSettings = action("lib/actions/settings/save-devops-settings.ts#saveDevopsSettings");
  const settings = (on: boolean) => {
    const row = query<{ sp: number; home: number }>("select use_service_principal as sp, include_home_tenant_orgs as home from tenant_devops_settings where tenant_id = ?", TENANTS.contoso.id)[0]!;
    return [{ integrationEnabled: on, useServicePrincipal: !!row.sp, includeHomeTenantOrgs: !!row.home, pat: "", removePat: false }];
  };
  if (turnedOn) await ok(callAction(admin, saveSettings, settings(true)), "DevOps integration switched on");

  const bulk = await admin.post(`${EMULATOR_HTTP}/_emulator/bulk/applications`, { data: { tenant: "contoso", count: 1, secretExpiresInDays: 700 } });
  expect(bulk.ok(), "scratch application created in the emulator").toBe(true);
  const scratch = ((await bulk.json()) as { value: { appId: string }[] }).value[0]!;

  const ctx: MatrixContext = { ids, target: { id: managedId(TARGET.appId)!, appId: TARGET.appId }, scratch: { appId: scratch.appId }, createdKeys: [] };
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
    const scratchId = managedId(scratch.appId);
    const remove = action("lib/actions/applications/remove-application.ts#removeApplication");
    if (scratchId) await ok(callAction(ids.clients.admin, remove, [{ applicationId: scratchId }]), "scratch application removed");
    if (turnedOn) await ok(callAction(ids.clients.admin, saveSettings, settings(false)), "DevOps integration switched off again");
    await ids.dispose();
  };
  return { ctx, restore };
}
