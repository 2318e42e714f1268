import { ClientSecretCredential } from "@azure/identity";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RESOURCES } from "../../emulator/entra/tokens";
import { FaultInjector } from "../../emulator/faults/injector";
import { GraphState } from "../../emulator/graph/state";
import { inspectRoutes, type EndpointCredential } from "../../emulator/inspect";
import { APPS, ROTOR_APP, TENANTS } from "../../emulator/seed";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { EmulatorState } from "../../emulator/state";
import { emulator } from "../support/emulator";

type Json = Record<string, any>;

const app = (key: (typeof APPS)[number]["key"]) => APPS.find((a) => a.key === key)!;
const graphUrl = (path: string) => `${emulator().https}/graph/v1.0/${path}`;
const rotorSecret = () => JSON.parse(readFileSync(join(emulator().dataDir, "secrets.json"), "utf8")).rotorClientSecret as string;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function appToken() {
  const credential = new ClientSecretCredential(TENANTS.contoso.id, ROTOR_APP.clientId, rotorSecret(), { authorityHost: emulator().https, disableInstanceDiscovery: true });
  return (await credential.getToken(`${RESOURCES.graph}/.default`)).token;
}

async function post(path: string, body: unknown) {
  const res = await fetch(graphUrl(path), {
    method: "POST",
    headers: { authorization: `Bearer ${await appToken()}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as Json) };
}

async function secrets(appId: string): Promise<Json[]> {
  return ((await (await fetch(`${emulator().http}/_emulator/applications/${appId}/secrets`)).json()) as Json).value;
}

async function settings(changes: { propagationDelayMs?: number; maxSecrets?: number | null }) {
  const res = await fetch(`${emulator().http}/_emulator/settings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(changes) });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

describe("emulated Graph: password credentials", () => {
  afterEach(async () => {
    await settings({ propagationDelayMs: 0, maxSecrets: null });
  });

  it("adds a password with Entra's secret shape and shows only its hint afterwards", async () => {
    const payments = app("payments-api");
    const endDateTime = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const added = await post(`applications/${payments.objectId}/addPassword`, { passwordCredential: { displayName: "rotor test", endDateTime } });
    expect(added.status).toBe(200);
    expect(Object.keys(added.body).sort()).toEqual(["@odata.context", "customKeyIdentifier", "displayName", "endDateTime", "hint", "keyId", "secretText", "startDateTime"]);
    expect(added.body).toMatchObject({ customKeyIdentifier: null, displayName: "rotor test", endDateTime });
    expect(added.body.secretText).toMatch(/^[A-Za-z0-9]{3}\dQ~[A-Za-z0-9._~-]{34}$/);
    expect(added.body.hint).toBe(added.body.secretText.slice(0, 3));

    const issued = (await (await fetch(`${emulator().http}/_emulator/issued-secrets`)).json()) as Json;
    expect(issued.value).toContainEqual(expect.objectContaining({ kind: "client_secret", value: added.body.secretText }));

    const read = (await (await fetch(graphUrl(`applications/${payments.objectId}?$select=passwordCredentials`), { headers: { authorization: `Bearer ${await appToken()}` } })).json()) as Json;
    expect(read.passwordCredentials).toContainEqual(expect.objectContaining({ keyId: added.body.keyId, secretText: null, hint: added.body.hint }));
    expect(JSON.stringify(read)).not.toContain(added.body.secretText);

    expect((await post(`applications/${payments.objectId}/removePassword`, { keyId: added.body.keyId })).status).toBe(204);
  });

  it("makes a new secret live only after the propagation delay, and removes it", async () => {
    const builds = app("container-builds");
    await settings({ propagationDelayMs: 1200 });
    const added = await post(`applications(appId='${builds.appId}')/addPassword`, { passwordCredential: { displayName: "propagating" } });
    expect(added.status).toBe(200);
    expect((await secrets(builds.appId)).find((s) => s.keyId === added.body.keyId)).toMatchObject({ state: "pending", live: false });
    await sleep(1300);
    expect((await secrets(builds.appId)).find((s) => s.keyId === added.body.keyId)).toMatchObject({ state: "live", live: true });

    expect((await post(`applications(appId='${builds.appId}')/removePassword`, { keyId: added.body.keyId })).status).toBe(204);
    const listed = await secrets(builds.appId);
    expect(listed.find((s) => s.keyId === added.body.keyId)).toMatchObject({ state: "removed", removed: true, live: false });
    expect(JSON.stringify(listed)).not.toContain(added.body.secretText);

    const again = await post(`applications/${builds.objectId}/removePassword`, { keyId: added.body.keyId });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("Request_ResourceNotFound");
  });

  it("refuses addPassword beyond the cap with Graph's TooManyAppPasswords", async () => {
    const legacy = app("legacy-batch");
    const held = (await secrets(legacy.appId)).filter((s) => !s.removed).length;
    await settings({ maxSecrets: held + 1 });
    const first = await post(`applications/${legacy.objectId}/addPassword`, { passwordCredential: { displayName: "fits" } });
    try {
      expect(first.status).toBe(200);
      const refused = await post(`applications/${legacy.objectId}/addPassword`, { passwordCredential: { displayName: "one too many" } });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "TooManyAppPasswords",
        message: `Not allowed to add ${held + 2} passwords. You can only add a maximum of ${held + 1} passwords.`,
        details: [{ target: "passwordCredentials", code: "TooManyAppPasswords" }],
      });
    } finally {
      await post(`applications/${legacy.objectId}/removePassword`, { keyId: first.body.keyId });
    }
  });

  it("reports a seeded service connection's secret as Entra's live one, over HTTP", async () => {
    const northwind = app("northwind-orders");
    const initial = (await secrets(northwind.appId)).find((s) => s.displayName === "Initial secret")!;
    const res = await fetch(`${emulator().http}/_emulator/service-connections/${SERVICE_CONNECTIONS.northwindOrdersArm}/credential-status`);
    expect(await res.json()).toEqual({ valid: true, keyId: initial.keyId, expiresAt: initial.endDateTime });
    expect((await fetch(`${emulator().http}/_emulator/service-connections/${ROTOR_APP.clientId}/credential-status`)).status).toBe(404);
  });

  it("rejects a malformed removePassword and an endDateTime before the start", async () => {
    const payments = app("payments-api");
    expect((await post(`applications/${payments.objectId}/removePassword`, { keyId: "not-a-guid" })).status).toBe(400);
    const backwards = await post(`applications/${payments.objectId}/addPassword`, { passwordCredential: { endDateTime: "2001-01-01T00:00:00Z" } });
    expect(backwards.status).toBe(400);
  });
});

describe("Graph state: which secrets Entra accepts", () => {
  const make = async (propagationDelayMs = 0) => new GraphState(await EmulatorState.create({ rotorClientSecret: "unused" }), { propagationDelayMs });

  it("accepts a seeded app's live secret in its own tenant only", async () => {
    const graph = await make();
    const payments = app("payments-api");
    const secret = graph.secretFor(payments.appId)!;
    expect(secret).toHaveLength(40);
    expect(graph.acceptsClientSecret(TENANTS.contoso.id, payments.appId, secret)).toBe(true);
    expect(graph.acceptsClientSecret(TENANTS.northwind.id, payments.appId, secret)).toBe(false);
    expect(graph.acceptsClientSecret(TENANTS.contoso.id, app("container-builds").appId, secret)).toBe(false);
    expect(graph.acceptsClientSecret(TENANTS.contoso.id, payments.appId, `${secret}x`)).toBe(false);
  });

  it("accepts a new secret only after propagation, and no longer once removed or expired", async () => {
    const graph = await make(80);
    const payments = app("payments-api");
    const target = graph.byAppId(payments.appId)!;
    const fresh = graph.addPassword(target, { displayName: "new" });
    expect(graph.acceptsClientSecret(TENANTS.contoso.id, payments.appId, fresh.secretText)).toBe(false);
    await sleep(120);
    expect(graph.matchSecret(payments.appId, fresh.secretText)).toEqual({ keyId: fresh.keyId, endDateTime: fresh.endDateTime });
    expect(graph.secretFor(payments.appId)).toBe(fresh.secretText);
    graph.removePassword(target, fresh.keyId);
    expect(graph.acceptsClientSecret(TENANTS.contoso.id, payments.appId, fresh.secretText)).toBe(false);

    graph.update({ propagationDelayMs: 0 });
    const shortLived = graph.addPassword(target, { startDateTime: new Date(Date.now() - 1000).toISOString(), endDateTime: new Date(Date.now() + 60).toISOString() });
    expect(graph.acceptsClientSecret(TENANTS.contoso.id, payments.appId, shortLived.secretText)).toBe(true);
    await sleep(100);
    expect(graph.acceptsClientSecret(TENANTS.contoso.id, payments.appId, shortLived.secretText)).toBe(false);
  });

  it("reports a service connection's credential status against the app's live secrets", async () => {
    const graph = await make();
    const payments = app("payments-api");
    const connections: Record<string, EndpointCredential> = {
      good: { organization: "contoso-platform", appId: payments.appId, secret: graph.secretFor(payments.appId)! },
      stale: { organization: "contoso-platform", appId: payments.appId, secret: "old-secret" },
      docker: { organization: "contoso-platform", appId: null, secret: null },
    };
    const routes = inspectRoutes({ state: await EmulatorState.create({ rotorClientSecret: "unused" }), graph, faults: new FaultInjector(), endpointCredential: (id) => connections[id] });
    const status = async (id: string) => {
      const res = await routes.request(`/service-connections/${id}/credential-status`);
      return { status: res.status, body: (await res.json()) as Json };
    };
    const live = graph.byAppId(payments.appId)!.credentials[0]!;
    expect(await status("good")).toEqual({ status: 200, body: { valid: true, keyId: live.keyId, expiresAt: live.endDateTime } });
    expect((await status("stale")).body).toEqual({ valid: false, keyId: null, expiresAt: null });
    expect((await status("docker")).body.valid).toBe(false);
    expect((await status("missing")).status).toBe(404);
  });
});
