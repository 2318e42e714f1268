import { expect, test, type APIResponse } from "@playwright/test";
import fc from "fast-check";
import { TENANTS } from "../emulator/seed";
import { EMULATOR_HTTP, E2E } from "./stack-config";
import { query, snapshot } from "./support/db";
import { countInput, hostileArgs, hostileValue, injection, inputsTried, leaksInternals } from "./support/hostile";
import { HOSTILE_BASES, SESSION_ACTION_NAMES } from "./support/hostile-actions";
import { HOSTILE_ROUTES, type HostileRequest } from "./support/hostile-routes";
import { prepareHostile, type HostileContext } from "./support/hostile-setup";
import { callAction, manifestActions, resultOf, type ActionRef } from "./support/server-actions";

/**
 * Hostile input against every server action (as the Contoso admin, who may call them all) and
 * every route handler: malformed, oversized, wrongly typed, prototype-pollution- and
 * injection-shaped. Every answer must be a 4xx or an `{ ok: false }` with a sentence — never a
 * 5xx, an unhandled RSC error or internal detail — and a refused input must write nothing.
 * Run counts are bounded so the spec stays well under a minute and a half.
 */
const ACTION_RUNS = 60;
const ROUTE_RUNS = 90;
const APP = `http://localhost:${E2E.appPort}`;
const TENANT_IDS = [TENANTS.contoso.id, TENANTS.northwind.id];

let ctx: HostileContext;
let address = 0;
/** A fresh client address per request: the scheduler API counts failed keys per address. */
const nextAddress = () => `10.${(++address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;

async function checkAction(ref: ActionRef, args: unknown[]) {
  countInput();
  const before = snapshot(TENANT_IDS);
  const call = await callAction(ctx.admin, ref, args);
  const label = `${ref.name}(${JSON.stringify(args).slice(0, 200)})`;
  expect(call.status, `${label}: HTTP status`).toBeLessThan(500);
  if (call.status >= 400) {
    // Refused before the action ran (proxy.ts: a body React's client never sends), with a sentence.
    expect(call.text, `${label}: why it was refused`).toMatch(/^The (request|address) /);
    expect(snapshot(TENANT_IDS), `${label}: refused, so nothing written`).toEqual(before);
    return;
  }
  expect(call.answer.kind, `${label}: an answer, not an unhandled error: ${call.text.slice(0, 200)}`).toBe("result");
  const result = resultOf(call);
  expect(result, `${label}: an action result`).toBeDefined();
  expect(leaksInternals(JSON.stringify(result)), `${label}: no internal detail`).toBe(false);
  if (!result!.ok) {
    expect(result!.code, `${label}: an expected failure, not an internal one`).not.toBe("internal");
    expect(result!.error, `${label}: a sentence for a person`).toMatch(/\w+ \w+/);
    expect(snapshot(TENANT_IDS), `${label}: refused, so nothing written`).toEqual(before);
  } else if (ref.name === "createApiKey") {
    // A name the schema accepts is stored exactly as given (trimmed), quotes and all.
    const { id, name } = result!.data as { id: string; name: string };
    ctx.createdKeys.push(id);
    expect(query<{ name: string }>("select name from api_keys where id = ?", id)[0]?.name).toBe(name);
    expect(name).toBe(((args[0] as { name: string }).name).trim());
  }
}

async function send(request: HostileRequest): Promise<APIResponse> {
  const client = request.as === "admin" ? ctx.admin : ctx.anonymous;
  const headers = { "x-forwarded-for": nextAddress(), ...(request.as === "key" ? { authorization: `Bearer ${ctx.key.key}` } : {}), ...request.headers };
  return client.fetch(request.path.replace("{port}", String(E2E.appPort)), { method: request.method, headers, data: request.body, maxRedirects: 0, timeout: 20_000 });
}

/** Inputs an earlier run failed on, tried first every time. */
const REGRESSIONS: Record<string, [HostileRequest][]> = {
  // Normalised to "/api/?callbackUrl=…": the slash-dropping redirect carries the query on as it came.
  "GET /api/auth/[...nextauth]": [[{ method: "GET", path: "/api/auth/..?callbackUrl=%0D%0AX-Injected%3A%20yes", headers: {}, as: "admin" }]],
};

async function checkRoute(request: HostileRequest) {
  countInput();
  const before = snapshot(TENANT_IDS, { ignoreKeyUsage: [ctx.key.id] });
  const response = await send(request);
  const label = `${request.method} ${request.path.slice(0, 200)} (${JSON.stringify(request.headers).slice(0, 120)}; body ${String(request.body).slice(0, 80)})`;
  const status = response.status();
  const text = await response.text();
  expect(status, `${label}: not a server error`).toBeLessThan(500);
  if (status >= 400) expect(leaksInternals(text), `${label}: no internal detail in a refusal: ${text.slice(0, 200)}`).toBe(false);
  // 431: Node's HTTP server refuses an oversized request line or headers before Rotor sees them.
  // The path as the client normalised it ("../" resolved): only the scheduler API answers in JSON.
  if (status >= 400 && status !== 431 && new URL(response.url()).pathname.startsWith("/api/v1/")) {
    const error = (JSON.parse(text) as { error: { code: string; message: string } }).error;
    expect(error.message, `${label}: a sentence for a person`).toMatch(/\w+ \w+/);
  }
  const location = response.headers().location;
  if (location) {
    const target = new URL(location, APP);
    expect([APP, EMULATOR_HTTP], `${label}: redirected only to Rotor or Entra ID`).toContain(target.origin);
    // "/path/?q" → "/path?q" only drops the slash: the query goes on as it came, to be judged there.
    const asked = new URL(response.url());
    const slashOnly = target.origin === APP && asked.pathname.endsWith("/") && target.pathname === asked.pathname.replace(/\/+$/, "") && `${target.searchParams}` === `${asked.searchParams}`;
    const callbackUrl = target.searchParams.get("callbackUrl");
    if (callbackUrl && target.origin === APP && !slashOnly) expect(new URL(callbackUrl, APP).origin, `${label}: returns to Rotor only`).toBe(APP);
  }
  expect(snapshot(TENANT_IDS, { ignoreKeyUsage: [ctx.key.id] }), `${label}: nothing written`).toEqual(before);
}

test.describe.serial("hostile input", () => {
  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(60_000);
    ctx = await prepareHostile(browser);
  });
  test.afterAll(async () => {
    console.log(`hostile inputs tried: ${inputsTried()}`);
    await ctx?.restore();
  });

  test("every server action and route handler is attacked", () => {
    const names = [...manifestActions().values()].map((a) => a.name).sort();
    expect(names).toEqual([...Object.keys(HOSTILE_BASES), ...SESSION_ACTION_NAMES].sort());
    expect(Object.keys(HOSTILE_ROUTES).sort()).toEqual(
      ["ANY /api/v1/[...path]", "Authorization on /api/v1", "GET /audit/export", "GET /audit (page filters)", "GET /expiry/export", "GET /expiry (page filters)", "GET /api/auth/[...nextauth]", "GET /api/devops/consent", "GET /api/health", "GET /api/v1/openapi.json", "GET /api/v1/rotations/[id]", "POST /api/auth/[...nextauth]", "POST /api/v1/applications/[id]/rotations", "POST /api/v1/rotations/due"].sort(),
    );
  });

  for (const name of Object.keys(HOSTILE_BASES)) {
    test(`action ${name}`, async () => {
      test.setTimeout(60_000);
      const ref = [...manifestActions().values()].find((a) => a.name === name)!;
      await fc.assert(fc.asyncProperty(hostileArgs(HOSTILE_BASES[name]!(ctx)), (args) => checkAction(ref, args)), { numRuns: ACTION_RUNS });
    });
  }

  test("action signInAction: any argument, or any callbackUrl, still leads only to Entra ID", async () => {
    test.setTimeout(60_000);
    const ref = [...manifestActions().values()].find((a) => a.name === "signInAction")!;
    const leadsToEntra = (location: string | undefined) => expect(new URL(location ?? "", APP).origin).toBe(EMULATOR_HTTP);
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileValue.map((v): unknown[] => [v]), fc.constant<unknown[]>([])), async (args) => {
        countInput();
        const call = await callAction(ctx.anonymous, ref, args);
        expect(call.status, `signInAction(${JSON.stringify(args).slice(0, 100)})`).toBeLessThan(500);
        if (call.status >= 400) return void expect(call.text).toMatch(/^The (request|address) /); // refused by proxy.ts
        expect(call.text).not.toMatch(/^\d+:E\{/m);
        leadsToEntra(call.headers["x-action-redirect"]?.replace(/;push$/, ""));
      }),
      { numRuns: ACTION_RUNS },
    );
    await fc.assert(
      fc.asyncProperty(injection, async (callbackUrl) => {
        countInput();
        const response = await ctx.anonymous.post(ref.page, { multipart: { [`$ACTION_ID_${ref.id}`]: "", callbackUrl }, maxRedirects: 0 });
        expect(response.status()).toBe(303);
        leadsToEntra(response.headers().location);
      }),
      { numRuns: 15 },
    );
  });

  test("action signOutAction: extra arguments change nothing but the caller's own sign-out", async () => {
    test.setTimeout(90_000);
    const ref = [...manifestActions().values()].find((a) => a.name === "signOutAction")!;
    for (const args of [[{ __proto__: null, userId: "x" }], ["' OR 1=1"], [[1, 2, 3]]]) {
      countInput();
      const client = await ctx.freshClient();
      const call = await callAction(client, ref, args);
      await client.dispose();
      expect(call.status).toBeLessThan(500);
      expect(call.headers["x-action-redirect"]).toMatch(/\/signin/);
    }
  });

  test("action signOutEverywhere: extra arguments change nothing but the caller's own sessions", async () => {
    test.setTimeout(90_000);
    const ref = [...manifestActions().values()].find((a) => a.name === "signOutEverywhere")!;
    for (const args of [[{ __proto__: null, userId: "x" }], ["' OR 1=1"], [[1, 2, 3]]]) {
      countInput();
      // Omar's sessions, not the admin's: the admin's session carries the rest of this spec.
      const client = await ctx.freshClient("omar@contoso.example");
      const call = await callAction(client, ref, args);
      await client.dispose();
      expect(call.status).toBeLessThan(500);
      expect(call.headers["x-action-redirect"]).toMatch(/\/signin/);
    }
    const adminSessions = query<{ n: number }>("select count(*) as n from sessions s join users u on u.id = s.user_id where u.email = 'adele@contoso.example'")[0]!.n;
    expect(adminSessions, "the admin's sessions are untouched").toBeGreaterThan(0);
  });

  for (const [name, requests] of Object.entries(HOSTILE_ROUTES)) {
    test(`route ${name}`, async () => {
      test.setTimeout(60_000);
      await fc.assert(fc.asyncProperty(requests, checkRoute), { numRuns: ROUTE_RUNS, examples: REGRESSIONS[name] ?? [] });
    });
  }
});
