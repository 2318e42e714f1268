import { expect, request, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { TENANTS } from "../../emulator/seed";
import { ApiKeysPage } from "../pages/api-keys";
import { Portal } from "../pages/portal";
import { E2E } from "../stack-config";
import { query } from "./db";

/**
 * Who calls in the isolation matrix. Target: Container Builds in Contoso, which Omar owns, and
 * Adele (a tenant admin) with him. Ivan is a tenant admin who owns nothing: he may manage Rotor,
 * but not bind, change or rotate into a connection an application he does not own. Nina owns
 * another application (Legacy Batch); Gus is a guest who owns Reporting Service only.
 */
export const IDENTITIES = ["anonymous", "otherOwner", "owner", "guest", "admin", "nonOwnerAdmin", "otherTenantAdmin", "revokedKey", "otherTenantKey", "key"] as const;
export type Identity = (typeof IDENTITIES)[number];

export const USER_OF = {
  otherOwner: "nina@contoso.example",
  owner: "omar@contoso.example",
  guest: "gus@fabrikam.example",
  admin: "adele@contoso.example",
  nonOwnerAdmin: "ivan@contoso.example",
  otherTenantAdmin: "nadia@northwind.example",
} as const satisfies Partial<Record<Identity, string>>;
export type UserIdentity = keyof typeof USER_OF;
export const isUser = (identity: Identity): identity is UserIdentity => identity in USER_OF;

export const TENANT_OF: Record<Identity, string | null> = {
  anonymous: null,
  otherOwner: TENANTS.contoso.id,
  owner: TENANTS.contoso.id,
  guest: TENANTS.contoso.id,
  admin: TENANTS.contoso.id,
  nonOwnerAdmin: TENANTS.contoso.id,
  otherTenantAdmin: TENANTS.northwind.id,
  revokedKey: TENANTS.contoso.id,
  otherTenantKey: TENANTS.northwind.id,
  key: TENANTS.contoso.id,
};

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
export type ApiKey = { id: string; key: string };
export type Identities = {
  states: Record<UserIdentity, StorageState>;
  keys: Record<"key" | "revokedKey" | "otherTenantKey", ApiKey>;
  /** One request context per identity, each with its own client address (the API limits failures per address). */
  clients: Record<Identity, APIRequestContext>;
  /** A new request context for the identity (the caller disposes it). */
  clientFor: (identity: Identity) => Promise<APIRequestContext>;
  dispose: () => Promise<void>;
};

async function createKey(keys: ApiKeysPage, tenantId: string, name: string): Promise<ApiKey> {
  const key = await keys.create(name);
  const row = query<{ id: string }>("select id from api_keys where tenant_id = ? and name = ?", tenantId, name)[0];
  expect(row, `key “${name}” stored`).toBeDefined();
  return { id: row!.id, key };
}

/**
 * Signs every user in once through the emulator's account picker and keeps their cookies; creates
 * API keys on System → API keys as the Contoso and Northwind admins, and revokes one of them.
 */
export async function prepareIdentities(browser: Browser, label: string): Promise<Identities> {
  const states = {} as Record<UserIdentity, StorageState>;
  const run = `${label} ${Date.now().toString(36)}`;
  let keys = {} as Identities["keys"];
  for (const identity of Object.keys(USER_OF) as UserIdentity[]) {
    const context = await browser.newContext({ baseURL: `http://localhost:${E2E.appPort}` });
    const page = await context.newPage();
    await new Portal(page).signInAs(USER_OF[identity]);
    if (identity === "admin") {
      const page_ = new ApiKeysPage(page);
      await page_.open();
      const key = await createKey(page_, TENANTS.contoso.id, `${run} valid`);
      await page_.page.reload();
      const revokedKey = await createKey(page_, TENANTS.contoso.id, `${run} revoked`);
      await page_.page.reload();
      await page_.revoke(`${run} revoked`);
      keys = { ...keys, key, revokedKey };
    }
    if (identity === "otherTenantAdmin") {
      const page_ = new ApiKeysPage(page);
      await page_.open();
      keys = { ...keys, otherTenantKey: await createKey(page_, TENANTS.northwind.id, `${run} northwind`) };
    }
    states[identity] = await context.storageState();
    await context.close();
  }

  const clientFor = (identity: Identity) => {
    const headers: Record<string, string> = { "x-forwarded-for": `198.51.100.${IDENTITIES.indexOf(identity) + 10}` };
    if (identity === "key" || identity === "revokedKey" || identity === "otherTenantKey") headers.authorization = `Bearer ${keys[identity].key}`;
    return request.newContext({
      baseURL: `http://localhost:${E2E.appPort}`,
      storageState: isUser(identity) ? states[identity] : undefined,
      extraHTTPHeaders: headers,
    });
  };
  const clients = {} as Record<Identity, APIRequestContext>;
  for (const identity of IDENTITIES) clients[identity] = await clientFor(identity);
  return { states, keys, clients, clientFor, dispose: async () => void (await Promise.all(Object.values(clients).map((c) => c.dispose()))) };
}
