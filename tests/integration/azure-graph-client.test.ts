import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { TENANTS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { addFault, mark, removeFault, requestsSince, seededApp, useTestEmulator } from "../support/rotor";

useTestEmulator();
const graph = await import("@/lib/azure/graph");
const { AzureError } = await import("@/lib/azure/errors");
const contoso = TENANTS.contoso.id;
const graphCalls = async (since: number) => (await requestsSince(since)).filter((r) => r.path.startsWith("/graph/"));

describe("Graph client (Rotor's service principal, real fetch against the emulator)", () => {
  const faults: string[] = [];
  afterEach(async () => {
    await Promise.all(faults.splice(0).map(removeFault));
  });

  beforeAll(async () => {
    await graph.getApplication(contoso, seededApp("payments-api").appId); // warms the token cache
  });

  it("reads an application by appId in one call, secrets as hints only", async () => {
    const before = await mark();
    const app = await graph.getApplication(contoso, seededApp("payments-api").appId);
    expect(app).toMatchObject({ appId: seededApp("payments-api").appId, displayName: "Payments API" });
    expect(app.passwordCredentials.length).toBeGreaterThan(0);
    expect(JSON.stringify(app)).not.toMatch(/secretText":"[^n]/);
    expect(await requestsSince(before)).toHaveLength(1); // token served from @azure/identity's cache
  });

  it("lists the applications its service principal owns, and their owners", async () => {
    const apps = await graph.listOwnedApplications(contoso);
    expect(apps.map((a) => a.displayName)).toEqual(["Container Builds", "Ledger Sync", "Legacy Batch", "Payments API", "Reporting Service"]);
    const owners = await graph.listOwners(contoso, seededApp("reporting-service").objectId);
    expect(owners.filter((o) => o.type === "user")).toHaveLength(2);
    expect(owners.some((o) => o.type === "servicePrincipal")).toBe(true);
  });

  it("adds and removes a secret; removing it again is a no-op", async () => {
    const { objectId, appId } = seededApp("legacy-batch");
    const secret = await graph.addPassword(contoso, objectId, { displayName: "Rotor test", endDateTime: new Date(Date.now() + 86_400_000) });
    expect(secret.secretText.length).toBeGreaterThanOrEqual(40);
    expect((await graph.getApplication(contoso, appId)).passwordCredentials.map((p) => p.keyId)).toContain(secret.keyId);
    await graph.removePassword(contoso, objectId, secret.keyId);
    await graph.removePassword(contoso, objectId, secret.keyId);
    expect((await graph.getApplication(contoso, appId)).passwordCredentials.map((p) => p.keyId)).not.toContain(secret.keyId);
  });

  it("decides a failed removePassword by the application's credentials, not by the status Graph answered", async () => {
    const { objectId, appId } = seededApp("legacy-batch");
    const keyIds = async () => (await graph.getApplication(contoso, appId)).passwordCredentials.map((p) => p.keyId);
    // Graph removed the secret but its answer was lost behind an undocumented 400: done.
    const gone = await graph.addPassword(contoso, objectId, { displayName: "Rotor test gone", endDateTime: new Date(Date.now() + 86_400_000) });
    faults.push(await addFault({ host: "graph", path: "/removePassword", times: 1, respond: { status: 400, body: { error: { code: "Request_BadRequest", message: "Something went wrong." } }, forward: true } }));
    await graph.removePassword(contoso, objectId, gone.keyId);
    expect(await keyIds()).not.toContain(gone.keyId);
    // A 404 while the secret is still there is a failure, whatever the status says.
    const kept = await graph.addPassword(contoso, objectId, { displayName: "Rotor test kept", endDateTime: new Date(Date.now() + 86_400_000) });
    faults.push(await addFault({ host: "graph", path: "/removePassword", times: 1, status: 404 }));
    await expect(graph.removePassword(contoso, objectId, kept.keyId)).rejects.toMatchObject({ status: 404, service: "graph" });
    expect(await keyIds()).toContain(kept.keyId);
    await graph.removePassword(contoso, objectId, kept.keyId);
    expect(await keyIds()).not.toContain(kept.keyId);
  });

  it("refuses an application it does not own (403) and an unknown one (404)", async () => {
    await expect(graph.getApplication(contoso, seededApp("hr-portal").appId)).rejects.toMatchObject({ status: 403, service: "graph" });
    await expect(graph.getApplication(contoso, "00000000-0000-4000-8000-00000000dead")).rejects.toMatchObject({ status: 404 });
  });

  it("retries a 429 after Retry-After, then succeeds", async () => {
    faults.push(await addFault({ host: "graph", path: "/applications(appId=", status: 429, retryAfterSeconds: 0, times: 1 }));
    const before = await mark();
    await graph.getApplication(contoso, seededApp("container-builds").appId);
    expect((await graphCalls(before)).map((r) => r.status)).toEqual([429, 200]);
  });

  it("gives up after a bounded number of 5xx answers", async () => {
    faults.push(await addFault({ host: "graph", path: "/applications(appId=", status: 503 }));
    const before = await mark();
    const error = await graph.getApplication(contoso, seededApp("container-builds").appId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(await graphCalls(before)).toHaveLength(4);
  });

  it("never retries addPassword after a 5xx (the secret may exist), only after a 429", async () => {
    const { objectId } = seededApp("legacy-batch");
    faults.push(await addFault({ host: "graph", path: "/addPassword", status: 500, times: 1 }));
    const before = await mark();
    await expect(graph.addPassword(contoso, objectId, { displayName: "x", endDateTime: new Date(Date.now() + 86_400_000) })).rejects.toMatchObject({ status: 500 });
    expect(await graphCalls(before)).toHaveLength(1);
  });

  it("reports a bad service-principal credential as an Entra error", async () => {
    await expect(graph.getApplication("00000000-0000-4000-8000-000000000000", seededApp("payments-api").appId)).rejects.toMatchObject({ service: "entra" });
    expect(emulator().https).toMatch(/^https:/);
  });
});
