import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/server";
import { emulator } from "../support/emulator";

type Json = Record<string, any>;

const control = (path: string) => `${emulator().http}/_emulator${path}`;
/** Every test aims at its own unique path, so its rules never touch calls from other test files. */
const probe = (prefix: string) => `${prefix}/fault-probe/${randomUUID()}`;
const mine: string[] = [];

async function addRule(rule: Record<string, unknown>): Promise<string> {
  const res = await fetch(control("/faults"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  mine.push(id);
  return id;
}

async function rule(id: string): Promise<Json | undefined> {
  const listed = (await (await fetch(control("/faults"))).json()) as Json;
  return listed.value.find((r: Json) => r.id === id);
}

const call = (path: string, init?: RequestInit) => fetch(`${emulator().https}${path}`, init);

describe("emulator fault injection", () => {
  afterEach(async () => {
    await Promise.all(mine.splice(0).map((id) => fetch(control(`/faults/${id}`), { method: "DELETE" })));
  });

  it("adds latency to matching calls only", async () => {
    const path = probe("/graph/v1.0");
    await addRule({ host: "graph", path, latencyMs: 400 });
    const started = Date.now();
    const slow = await call(path);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    // After the delay the call goes on to the real route: Graph refuses it for want of a token.
    expect(slow.status).toBe(401);
    const quick = Date.now();
    await call(probe("/graph/v1.0"));
    expect(Date.now() - quick).toBeLessThan(350);
  });

  it("answers 429 with Retry-After and each host's own error body", async () => {
    const graph = probe("/graph/v1.0");
    const devops = probe("/devops/contoso-platform");
    const login = probe(`/common`);
    await addRule({ path: graph, status: 429, retryAfterSeconds: 7 });
    await addRule({ path: devops, status: 429 });
    await addRule({ path: login, method: "post", status: 429, retryAfterSeconds: 2 });

    const g = await call(graph, { headers: { "client-request-id": "crid-1" } });
    expect(g.status).toBe(429);
    expect(g.headers.get("retry-after")).toBe("7");
    const gBody = (await g.json()) as Json;
    expect(gBody.error).toMatchObject({ code: "TooManyRequests", innerError: { status: "429", "client-request-id": "crid-1" } });

    const d = await call(devops);
    expect(d.headers.get("retry-after")).toBe("1");
    expect(await d.json()).toMatchObject({ typeKey: "RequestBlockedException", message: expect.stringContaining("TF400733") });

    const l = await call(login, { method: "POST" });
    expect(l.headers.get("retry-after")).toBe("2");
    expect(await l.json()).toMatchObject({ error: "temporarily_unavailable", error_codes: [90055] });
  });

  it("answers 5xx in the host's shape, filtered by host and method", async () => {
    const path = probe("/vssps/_apis");
    await addRule({ host: "vssps", method: "GET", path, status: 503 });
    await addRule({ host: "graph", path: probe("/graph"), status: 500 });
    const failed = await call(path);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ typeKey: "ServiceUnavailableException" });
    expect(failed.headers.get("retry-after")).toBeNull();
    expect((await call(path, { method: "POST" })).status).not.toBe(503);

    const graphPath = probe("/graph/v1.0");
    await addRule({ host: "graph", path: graphPath, status: 500 });
    expect(await (await call(graphPath)).json()).toMatchObject({ error: { code: "generalException" } });
  });

  it("matches a /regex/ path", async () => {
    const id = randomUUID();
    await addRule({ path: `/\\/app\\/fault-probe\\/${id}\\/[0-9]+$/`, status: 502 });
    expect((await call(`/app/fault-probe/${id}/42`)).status).toBe(502);
    expect((await call(`/app/fault-probe/${id}/x42`)).status).not.toBe(502);
  });

  it("fails only the Nth matching call", async () => {
    const path = probe("/devops/contoso-platform");
    const id = await addRule({ path, nth: 2, status: 500 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(path)).status);
    expect(statuses[1]).toBe(500);
    expect(statuses[0]).not.toBe(500);
    expect(statuses[2]).not.toBe(500);
    expect(await rule(id)).toMatchObject({ matched: 3, hits: 1 });
  });

  it("fails `times` matching calls, then lets calls through", async () => {
    const path = probe("/graph/v1.0");
    const id = await addRule({ path, times: 2, status: 503 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(path)).status);
    expect(statuses).toEqual([503, 503, 401]);
    expect(await rule(id)).toMatchObject({ matched: 3, hits: 2 });
  });

  it("hangs until the client gives up", async () => {
    const path = probe("/devops/contoso-platform");
    const id = await addRule({ path, hang: true });
    const started = Date.now();
    await expect(call(path, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await rule(id)).toMatchObject({ hits: 1 });
  });

  it("still closes while a request hangs, answering it 503", async () => {
    const second = await startEmulator({ dataDir: emulator().dataDir, httpPort: 0, httpsPort: 0 });
    const path = probe("/graph/v1.0");
    await fetch(`${second.urls.http}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ path, hang: true }) });
    const pending = fetch(`${second.urls.http}${path}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = Date.now();
    await second.close();
    expect(Date.now() - closing).toBeLessThan(2000);
    expect((await pending).status).toBe(503);
  });

  it("removes one rule or clears them all, and never faults /_emulator", async () => {
    const path = probe("/graph/v1.0");
    const id = await addRule({ path, status: 500 });
    expect((await call(path)).status).toBe(500);
    expect((await fetch(control(`/faults/${id}`), { method: "DELETE" })).status).toBe(204);
    expect((await call(path)).status).toBe(401);
    expect((await fetch(control(`/faults/${id}`), { method: "DELETE" })).status).toBe(404);

    const again = await addRule({ path, status: 500 });
    await addRule({ path: "/_emulator/health", status: 500 });
    expect((await fetch(control("/health"))).status).toBe(200);
    expect((await fetch(control("/faults"), { method: "DELETE" })).status).toBe(204);
    expect(await rule(again)).toBeUndefined();
    expect((await call(path)).status).toBe(401);
  });

  it("refuses a rule without an effect, with an unknown field or a broken regex", async () => {
    const post = (body: unknown) => fetch(control("/faults"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ path: "/graph" })).status).toBe(400);
    expect((await post({ path: "/graph", status: 500, surprise: true })).status).toBe(400);
    expect((await post({ path: "/(/", status: 500 })).status).toBe(400);
  });
});
