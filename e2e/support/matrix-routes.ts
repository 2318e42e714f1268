import { expect, type APIResponse } from "@playwright/test";
import { TENANTS } from "../../emulator/seed";
import { EMULATOR_HTTP } from "../stack-config";
import { query } from "./db";
import { isUser, TENANT_OF, USER_OF, type Identity } from "./identities";
import { everyone, only, type RouteRow } from "./matrix";

/**
 * The route handlers' rows of the isolation matrix, one per exported verb. The scheduler API
 * takes API keys only: a session cookie there is no credential. Auth.js' catch-all route is
 * exercised through its session read (GET) and a sign-out posted without its CSRF token (POST).
 */
const KEY_ONLY = only(["key"]);
const NOWHERE = "00000000-0000-4000-8000-00000000dead";

async function errorCode(response: APIResponse): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** A scheduler API refusal: 401 without a working key, 404 for another tenant's key (nothing there). */
async function apiRefused(response: APIResponse, identity: Identity) {
  expect(response.status()).toBe(identity === "otherTenantKey" ? 404 : 401);
  expect(await errorCode(response)).toBe(identity === "otherTenantKey" ? "not_found" : "unauthenticated");
}

const catchAll = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"): RouteRow => ({
  route: `${method} /api/v1/[...path]`,
  expect: everyone("public"),
  call: (client) => client.fetch(`/api/v1/applications/${TENANTS.contoso.id}/secrets`, { method, maxRedirects: 0 }),
  succeeded: async (response) => {
    expect(response.status()).toBe(404);
    expect(await errorCode(response)).toBe("not_found");
  },
});

export const ROUTE_ROWS: RouteRow[] = [
  {
    route: "GET /api/auth/[...nextauth]",
    expect: everyone("public"),
    call: (client) => client.get("/api/auth/session"),
    succeeded: async (response, _ctx, identity) => {
      expect(response.status()).toBe(200);
      const session = (await response.json()) as { user?: { email: string } } | null;
      if (isUser(identity)) expect(session?.user?.email).toBe(USER_OF[identity]);
      else expect(session?.user).toBeUndefined();
    },
  },
  {
    route: "POST /api/auth/[...nextauth]",
    expect: everyone("deny"),
    call: (client) => client.post("/api/auth/signout", { form: { callbackUrl: "/" }, maxRedirects: 0 }),
    refused: async (response) => expect(response.headers().location).toContain("error=MissingCSRF"),
  },
  {
    route: "GET /audit/export",
    // The tenant's admins, each of their own tenant's log only; anyone else is sent to sign in or gets the 404 the page gives.
    expect: only(["admin", "nonOwnerAdmin"], { otherTenantAdmin: "own-tenant" }),
    call: (client) => client.get("/audit/export?format=json", { maxRedirects: 0 }),
    succeeded: async (response, _ctx, identity) => {
      expect(response.status()).toBe(200);
      expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="rotor-audit-/);
      const text = await response.text();
      const own = TENANT_OF[identity]!;
      const other = own === TENANTS.contoso.id ? TENANTS.northwind.id : TENANTS.contoso.id;
      const body = JSON.parse(text) as { tenant: { id: string }; entries: unknown[] };
      expect(body.tenant.id).toBe(own);
      expect(text).not.toContain(other);
      const count = query<{ n: number }>("select count(*) as n from audit_log where tenant_id = ?", own)[0]!.n;
      expect(body.entries).toHaveLength(count);
    },
    refused: async (response, identity) => {
      if (isUser(identity)) expect(response.status()).toBe(404);
      else expect(response.headers().location).toMatch(/\/signin\?(.*&)?callbackUrl=/);
    },
  },
  {
    route: "GET /expiry/export",
    // Anyone signed in: admins the tenant's applications, others those they own (Omar: the target,
    // never Legacy Batch); Northwind's admin only Northwind's. Anyone else is sent to sign in.
    expect: only(["otherOwner", "owner", "guest", "admin", "nonOwnerAdmin"], { otherTenantAdmin: "own-tenant" }),
    call: (client) => client.get("/expiry/export", { maxRedirects: 0 }),
    succeeded: async (response, ctx, identity) => {
      expect(response.status()).toBe(200);
      expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="rotor-expiry-/);
      const text = await response.text();
      expect(text.split("\r\n")[0]).toMatch(/^Application,Application \(client\) ID,Managed,/);
      const own = TENANT_OF[identity]!;
      const others = query<{ app_id: string; tenant_id: string }>("select app_id, tenant_id from applications").filter((a) => a.tenant_id !== own);
      for (const other of others) expect(text, `${identity} sees no other tenant's application`).not.toContain(other.app_id);
      if (identity === "owner") expect(text).toContain(ctx.target.appId);
      if (identity === "otherOwner" || identity === "guest") expect(text).not.toContain(ctx.target.appId);
    },
    refused: async (response) => expect(response.headers().location).toMatch(/\/signin\?(.*&)?callbackUrl=/),
  },
  {
    route: "GET /api/devops/consent",
    expect: only(["otherOwner", "owner", "guest", "admin", "nonOwnerAdmin", "otherTenantAdmin"]),
    call: (client) => client.get("/api/devops/consent?returnTo=/applications", { maxRedirects: 0 }),
    succeeded: async (response) => {
      expect(response.status()).toBe(307);
      expect(response.headers().location).toMatch(new RegExp(`^${EMULATOR_HTTP}/.*/authorize\\?.*prompt=consent`));
    },
    refused: async (response) => expect(response.headers().location).toContain("/signin?callbackUrl=%2Fapplications"),
  },
  {
    route: "GET /api/health",
    expect: everyone("public"),
    call: (client) => client.get("/api/health"),
    succeeded: async (response) => {
      expect(response.status()).toBe(200);
      const text = await response.text();
      for (const tenant of Object.values(TENANTS)) expect(text).not.toContain(tenant.id);
    },
  },
  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map(catchAll),
  {
    route: "POST /api/v1/applications/[id]/rotations",
    expect: KEY_ONLY,
    call: (client, ctx) => client.post(`/api/v1/applications/${ctx.target.appId}/rotations`),
    succeeded: async (response, ctx) => {
      expect([200, 202]).toContain(response.status());
      const body = (await response.json()) as { rotation: { id: string; applicationId: string } };
      expect(body.rotation.applicationId).toBe(ctx.target.id);
      ctx.rotationId = body.rotation.id;
    },
    refused: apiRefused,
    background: true,
  },
  {
    route: "GET /api/v1/openapi.json",
    expect: everyone("public"),
    call: (client) => client.get("/api/v1/openapi.json"),
    succeeded: async (response) => expect(((await response.json()) as { openapi: string }).openapi).toBe("3.1.0"),
  },
  {
    route: "GET /api/v1/rotations/[id]",
    expect: KEY_ONLY,
    call: (client, ctx) => client.get(`/api/v1/rotations/${ctx.rotationId ?? NOWHERE}`),
    succeeded: async (response, ctx) => {
      expect(response.status()).toBe(200);
      expect(((await response.json()) as { rotation: { applicationId: string } }).rotation.applicationId).toBe(ctx.target.id);
    },
    refused: apiRefused,
  },
  {
    route: "POST /api/v1/rotations/due",
    // Another tenant's key runs that tenant's due rotations: it works, and Contoso is untouched.
    expect: only(["key"], { otherTenantKey: "own-tenant" }),
    call: (client) => client.post("/api/v1/rotations/due", { data: {}, timeout: 60_000 }),
    succeeded: async (response) => {
      expect(response.status()).toBe(200);
      expect(await response.json()).toMatchObject({ started: expect.any(Array), alreadyRunning: expect.any(Array) });
    },
    refused: apiRefused,
    background: true,
  },
];
