import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { credentialStatus, manage } from "../support/applications";
import { useTestEmulator } from "../support/rotor";
import { commandLineActor } from "@/lib/actor";

process.env.LOG_LEVEL = "error"; // the rejected-key warnings the cases below provoke on purpose
useTestEmulator();
process.env.ROTOR_TRUSTED_PROXY_HOPS = "1"; // the requests below play the proxy: each carries its own X-Forwarded-For
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "5";
const { getDb } = await import("@/db");
const { apiKeys, rotationIdempotencyKeys, rotations } = await import("@/db/tables");
const { IDEMPOTENCY_TTL_MS } = await import("@/db/queries/rotations");
const { createApiKey, revokeTenantApiKey } = await import("@/lib/api-keys/manage");
const { errorResponse, rotationStatusResponse, startRotationResponse } = await import("@/lib/api/schemas");
const startRoute = await import("@/app/api/v1/applications/[id]/rotations/route");
const rotationRoute = await import("@/app/api/v1/rotations/[id]/route");

type Managed = Awaited<ReturnType<typeof manage>>;
let builds: Managed;
let reporting: Managed;
let northwindOrders: Managed;
let contosoKey: string;
let northwindKey: string;

let calls = 0;
/** Each call from its own address unless one is given, so only the rate-limit cases trip the limiter. */
function request(method: "GET" | "POST", path: string, { key, body, headers = {}, address }: { key?: string; body?: string; headers?: Record<string, string>; address?: string } = {}) {
  calls++;
  return new Request(`http://rotor.test${path}`, {
    method,
    body,
    headers: {
      "x-forwarded-for": address ?? `10.1.${Math.floor(calls / 250)}.${calls % 250}`,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
      ...headers,
    },
  });
}
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

const start = (appRef: string, options: Parameters<typeof request>[2] = {}) => startRoute.POST(request("POST", `/api/v1/applications/${appRef}/rotations`, options), ctx(appRef));
const status = (rotationId: string, options: Parameters<typeof request>[2] & { after?: string } = {}) =>
  rotationRoute.GET(request("GET", `/api/v1/rotations/${rotationId}${options.after !== undefined ? `?after=${options.after}` : ""}`, options), ctx(rotationId));

type RotationStatus = { rotation: { id: string; state: string; finished: boolean; applicationId: string; newKeyId: string | null; trigger: string; requestedBy: { kind: string }; failureReason: string | null }; output: { id: number; message: string }[]; outputCursor: number };

/**
 * Polls GET /rotations/{id} as a scheduler would, collecting output incrementally with `?after=`,
 * until the rotation has finished and written its last line (the engine journals `succeeded`
 * just before it removes the old secrets and says so).
 */
async function pollUntilFinished(key: string, rotationId: string) {
  const lines: { id: number; message: string }[] = [];
  let cursor = 0;
  for (let i = 0; i < 200; i++) {
    const res = await status(rotationId, { key, after: String(cursor) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as RotationStatus;
    expect(rotationStatusResponse.safeParse(body).success, "matches the OpenAPI document's RotationStatus").toBe(true);
    lines.push(...body.output);
    cursor = body.outputCursor;
    if (body.rotation.finished && lines.some((l) => /^(Rotation succeeded\.|Rolled back)/.test(l.message))) return { last: body, lines };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the rotation did not finish");
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(errorResponse.safeParse(body).success, "matches the OpenAPI document's Error").toBe(true);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message"]);
  expect(body.error.code).toBe(code);
  expect(body.error.message).not.toMatch(/\n\s+at |Error:|SQLITE|drizzle/);
  return body.error.message;
}

describe("scheduler API: rotations", () => {
  beforeAll(async () => {
    // The files share one emulator: rotate only an application the rotation-engine tests rotate
    // too, bound to its service connection so the connection keeps a live secret for them.
    builds = await manage("container-builds", { organization: "contoso-platform", projectName: "payments", endpointId: SERVICE_CONNECTIONS.containerBuildsRegistry });
    reporting = await manage("reporting-service");
    northwindOrders = await manage("northwind-orders");
    const db = await getDb();
    const admin = commandLineActor("test");
    contosoKey = (await createApiKey(db, { tenantId: builds.tenantId, name: "Contoso scheduler", actor: admin })).key;
    northwindKey = (await createApiKey(db, { tenantId: northwindOrders.tenantId, name: "Northwind scheduler", actor: admin })).key;
  });

  it("starts a rotation (202 + Location), and GET shows its state and output until it succeeds", async () => {
    const res = await start(builds.id, { key: contosoKey });
    expect(res.status).toBe(202);
    const started = await res.json();
    expect(startRotationResponse.safeParse(started).success, "matches the OpenAPI document's StartRotationResponse").toBe(true);
    const { rotation, created } = started as { rotation: RotationStatus["rotation"]; created: boolean };
    expect(created).toBe(true);
    expect(res.headers.get("location")).toBe(`/api/v1/rotations/${rotation.id}`);
    expect(rotation).toMatchObject({ applicationId: builds.id, trigger: "api", requestedBy: { kind: "api_key" }, finished: false });

    const { last, lines } = await pollUntilFinished(contosoKey, rotation.id);
    expect(last.rotation.state).toBe("succeeded");
    expect(last.rotation.failureReason).toBeNull();
    expect(last.rotation.newKeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await credentialStatus(SERVICE_CONNECTIONS.containerBuildsRegistry)).toMatchObject({ valid: true, keyId: last.rotation.newKeyId });
    // Polled with ?after=: every line once, in order, the same as reading it all at once.
    const all = (await (await status(rotation.id, { key: contosoKey })).json()) as RotationStatus;
    expect(lines.map((l) => l.id)).toEqual(all.output.map((l) => l.id));
    expect(all.output.map((l) => l.message).join("\n")).toMatch(/Created a new secret[\s\S]*Entra ID accepts[\s\S]*now holds the new secret/);
    const rest = (await (await status(rotation.id, { key: contosoKey, after: String(all.outputCursor) })).json()) as RotationStatus;
    expect(rest.output).toEqual([]);
    expect(rest.outputCursor).toBe(all.outputCursor);

    const db = await getDb();
    const keyRow = db.select().from(apiKeys).where(eq(apiKeys.name, "Contoso scheduler")).get()!;
    expect(keyRow.lastUsedAt).not.toBeNull();
  });

  it("accepts the Entra application id, and returns the running rotation (200) to a second trigger", async () => {
    const first = await start(builds.appId, { key: contosoKey });
    expect(first.status).toBe(202);
    const second = await start(builds.id, { key: contosoKey });
    expect(second.status).toBe(200);
    const a = (await first.json()) as { rotation: { id: string } };
    const b = (await second.json()) as { rotation: { id: string }; created: boolean };
    expect(b.created).toBe(false);
    expect(b.rotation.id).toBe(a.rotation.id);
    expect(second.headers.get("location")).toBe(`/api/v1/rotations/${a.rotation.id}`);
    expect((await pollUntilFinished(contosoKey, a.rotation.id)).last.rotation.state).toBe("succeeded");
  });

  it("honours Idempotency-Key: same key, same rotation, even once finished; another application with it is 409", async () => {
    const idem = { "idempotency-key": `nightly-${Date.now()}` };
    const first = await start(builds.id, { key: contosoKey, headers: idem });
    expect(first.status).toBe(202);
    const { rotation } = (await first.json()) as { rotation: { id: string } };
    const again = await start(builds.appId, { key: contosoKey, headers: idem });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { rotation: { id: string } }).rotation.id).toBe(rotation.id);

    await pollUntilFinished(contosoKey, rotation.id);
    const afterFinish = await start(builds.id, { key: contosoKey, headers: idem });
    expect(afterFinish.status).toBe(200);
    const replay = (await afterFinish.json()) as { rotation: { id: string; state: string }; created: boolean };
    expect(replay).toMatchObject({ created: false, rotation: { id: rotation.id, state: "succeeded" } });

    await expectError(await start(reporting.id, { key: contosoKey, headers: idem }), 409, "conflict");
    const db = await getDb();
    expect(db.select().from(rotations).where(eq(rotations.applicationId, reporting.id)).all()).toEqual([]);
  });

  it("remembers every Idempotency-Key that found the rotation running, not only the first", async () => {
    const [a, b, c] = ["a", "b", "c"].map((k) => ({ "idempotency-key": `keys-${k}-${Date.now()}` }));
    const first = await start(builds.id, { key: contosoKey, headers: a });
    expect(first.status).toBe(202);
    const { rotation } = (await first.json()) as { rotation: { id: string } };
    // Two more schedulers, each with its own key, find it running.
    for (const headers of [b, c]) {
      const found = await start(builds.id, { key: contosoKey, headers });
      expect(found.status).toBe(200);
      expect(found.headers.get("idempotent-replayed")).toBeNull();
      expect(((await found.json()) as { rotation: { id: string } }).rotation.id).toBe(rotation.id);
    }
    await pollUntilFinished(contosoKey, rotation.id);
    // Each of them retries after it finished: the same rotation, not a new one.
    for (const headers of [a, b, c]) {
      const retry = await start(builds.id, { key: contosoKey, headers });
      expect(retry.status).toBe(200);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(((await retry.json()) as { rotation: { id: string }; created: boolean })).toMatchObject({ created: false, rotation: { id: rotation.id } });
    }
    const db = await getDb();
    const started = db.$client.prepare("select count(*) as n from audit_log where action = 'rotation.started' and detail like ?").get(`%${rotation.id}%`) as { n: number };
    expect(started.n).toBe(1);
  });

  it("keeps Idempotency-Keys per API key, for a day: another key of the tenant cannot use a value up first", async () => {
    const db = await getDb();
    const attacker = (await createApiKey(db, { tenantId: builds.tenantId, name: "another scheduler", actor: commandLineActor("test") })).key;
    const predictable = { "idempotency-key": `release-${Date.now()}` };
    const theirs = await start(builds.id, { key: attacker, headers: predictable });
    expect(theirs.status).toBe(202);
    const theirRotation = ((await theirs.json()) as { rotation: { id: string } }).rotation.id;
    await pollUntilFinished(attacker, theirRotation);

    // The scheduler's own call with the same value is its own: a new rotation, not the other key's replayed.
    const mine = await start(builds.id, { key: contosoKey, headers: predictable });
    expect(mine.status).toBe(202);
    expect(mine.headers.get("idempotent-replayed")).toBeNull();
    const myRotation = ((await mine.json()) as { rotation: { id: string } }).rotation.id;
    expect(myRotation).not.toBe(theirRotation);
    await pollUntilFinished(contosoKey, myRotation);
    expect((await start(builds.id, { key: contosoKey, headers: predictable })).headers.get("idempotent-replayed")).toBe("true");

    // A day later the value is free again: the next call starts a new rotation.
    db.update(rotationIdempotencyKeys).set({ createdAt: new Date(Date.now() - IDEMPOTENCY_TTL_MS - 1000) }).where(eq(rotationIdempotencyKeys.rotationId, myRotation)).run();
    const later = await start(builds.id, { key: contosoKey, headers: predictable });
    expect(later.status).toBe(202);
    const laterRotation = ((await later.json()) as { rotation: { id: string } }).rotation.id;
    expect(laterRotation).not.toBe(myRotation);
    await pollUntilFinished(contosoKey, laterRotation);
    expect(db.select().from(rotationIdempotencyKeys).where(eq(rotationIdempotencyKeys.rotationId, myRotation)).all()).toEqual([]);
  });

  it("refuses a missing, malformed, unknown or revoked key with 401", async () => {
    const db = await getDb();
    const { record, key } = await createApiKey(db, { tenantId: builds.tenantId, name: "to revoke", actor: commandLineActor("test") });
    expect((await status(crypto.randomUUID(), { key })).status).toBe(404); // accepted before revocation
    await revokeTenantApiKey(db, { tenantId: builds.tenantId, id: record.id, actor: commandLineActor("test") });

    const revoked = await start(builds.id, { key });
    const message = await expectError(revoked, 401, "unauthenticated");
    expect(message).toMatch(/unknown or has been revoked/);
    expect(revoked.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await expectError(await status(crypto.randomUUID(), { key }), 401, "unauthenticated");
    await expectError(await start(builds.id), 401, "unauthenticated");
    await expectError(await start(builds.id, { headers: { authorization: "Basic dXNlcjpwYXNz" } }), 401, "unauthenticated");
    await expectError(await start(builds.id, { key: "rtr_notakey" }), 401, "unauthenticated");
    await expectError(await start(builds.id, { key: `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}` }), 401, "unauthenticated");
    expect(db.select().from(rotations).where(eq(rotations.requestedBy, `api-key:${record.id}`)).all()).toEqual([]);
  });

  it("keeps each key to its own tenant: another tenant's application or rotation is 404", async () => {
    const db = await getDb();
    const contosoRotation = db.select().from(rotations).where(eq(rotations.applicationId, builds.id)).get()!;
    await expectError(await status(contosoRotation.id, { key: northwindKey }), 404, "not_found");
    await expectError(await start(builds.id, { key: northwindKey }), 404, "not_found");
    await expectError(await start(builds.appId, { key: northwindKey }), 404, "not_found");
    await expectError(await start(northwindOrders.id, { key: contosoKey }), 404, "not_found");
    await expectError(await start(northwindOrders.appId, { key: contosoKey }), 404, "not_found");
    expect(db.select().from(rotations).where(eq(rotations.applicationId, northwindOrders.id)).all()).toEqual([]);
    expect(db.select().from(rotations).where(eq(rotations.requestedBy, `api-key:${db.select().from(apiKeys).where(eq(apiKeys.name, "Northwind scheduler")).get()!.id}`)).all()).toEqual([]);
  });

  it("answers malformed input with 400 and a sentence that names the problem", async () => {
    expect(await expectError(await start("not-a-guid", { key: contosoKey }), 400, "invalid_input")).toMatch(/path\.id: The application id must be a GUID/);
    expect(await expectError(await status("42", { key: contosoKey }), 400, "invalid_input")).toMatch(/path\.id/);
    expect(await expectError(await status(crypto.randomUUID(), { key: contosoKey, after: "-1" }), 400, "invalid_input")).toMatch(/query\.after/);
    expect(await expectError(await start(reporting.id, { key: contosoKey, body: "{not json" }), 400, "invalid_input")).toMatch(/not valid JSON/);
    expect(await expectError(await start(reporting.id, { key: contosoKey, body: '{"force":true}' }), 400, "invalid_input")).toMatch(/body: unknown field\(s\) `force`/);
    expect(await expectError(await start(reporting.id, { key: contosoKey, body: "[1,2]" }), 400, "invalid_input")).toMatch(/^body/);
    expect(await expectError(await start(reporting.id, { key: contosoKey, body: JSON.stringify({ pad: "x".repeat(10_000) }) }), 400, "invalid_input")).toMatch(/larger than 8 KiB/);
    expect(await expectError(await start(reporting.id, { key: contosoKey, headers: { "idempotency-key": "has spaces in it" } }), 400, "invalid_input")).toMatch(/Idempotency-Key/);
    await expectError(await status(crypto.randomUUID(), { key: contosoKey }), 404, "not_found");
    const db = await getDb();
    expect(db.select().from(rotations).where(eq(rotations.applicationId, reporting.id)).all()).toEqual([]);
  });

  it("rate-limits failed attempts per client address and per key prefix (429 + Retry-After), never a valid key", async () => {
    const address = "203.0.113.50";
    for (let i = 0; i < 10; i++) await expectError(await start(builds.id, { key: "rtr_wrong", address }), 401, "unauthenticated");
    const limited = await status(crypto.randomUUID(), { key: "rtr_wrong", address });
    await expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // The scheduler at that address (a shared egress, or a spoofed header) keeps working.
    expect((await status(crypto.randomUUID(), { key: contosoKey, address })).status).toBe(404);
    expect((await status(crypto.randomUUID(), { key: "rtr_wrong", address: "203.0.113.51" })).status).toBe(401); // another address is unaffected

    // One well-formed prefix guessed from many addresses — here the prefix of the valid key itself.
    const prefix = contosoKey.split("_")[1]!;
    const guess = (i: number) => `rtr_${prefix}_${String(i).padStart(43, "x")}`;
    for (let i = 0; i < 10; i++) await expectError(await status(crypto.randomUUID(), { key: guess(i), address: `203.0.114.${i}` }), 401, "unauthenticated");
    const byPrefix = await status(crypto.randomUUID(), { key: guess(99), address: "203.0.114.200" });
    await expectError(byPrefix, 429, "rate_limited");
    expect(byPrefix.headers.get("retry-after")).toMatch(/^\d+$/);
    // While its prefix and its address are being refused, the valid key still gets through (404: no such application).
    await expectError(await start(crypto.randomUUID(), { key: contosoKey, address }), 404, "not_found");
    expect((await status(crypto.randomUUID(), { key: contosoKey, address: "203.0.114.201" })).status).toBe(404);
  });
});
