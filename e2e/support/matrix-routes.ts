import { expect, type APIResponse } from "@playwright/test";
import { TENANTS } from "../../emulator/seed";
import { EMULATOR_HTTP } from "../stack-config";
import { isUser, USER_OF, type Identity } from "./identities";
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
