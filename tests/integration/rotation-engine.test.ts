import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_REGISTRY_HOSTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { credentialStatus, emulatorSettings, manage, secretsOf } from "../support/applications";
import { addFault, removeFault, useTestEmulator } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "3";
process.env.ROTOR_AZURE_TIMEOUT_SECONDS = "1";
const { getDb } = await import("@/db");
const { createOrGetActiveRotation, listOutput, getRotation } = await import("@/db/queries/rotations");
const { runRotation } = await import("@/lib/rotation/engine");

type Managed = Awaited<ReturnType<typeof manage>>;
let legacy: Managed;
let containers: Managed;

async function rotate(app: Managed) {
  const db = await getDb();
  const { rotation } = await createOrGetActiveRotation(db, { tenantId: app.tenantId, applicationId: app.id, trigger: "manual", requestedBy: "system" });
  const done = (await runRotation(rotation.id, app.tenantId))!;
  return { rotation: done, output: (await listOutput(db, { rotationId: done.id })).map((l) => l.message) };
}

/** What must hold after any rotation, whatever happened: the connection works, no stray secret. */
async function expectConsistent(app: Managed, endpointId: string) {
  const status = await credentialStatus(endpointId);
  expect(status.valid, "service connection holds a live secret").toBe(true);
  const live = (await secretsOf(app.appId)).filter((s) => !s.removed);
  expect(live.filter((s) => s.displayName?.startsWith("Rotor rotation")).length, "at most one Rotor secret alive").toBeLessThanOrEqual(1);
  expect(live.length, "no orphaned secret beyond the policy (overlap 0: one secret)").toBe(1);
  return status;
}

describe("rotation engine against the emulator", () => {
  const faults: string[] = [];
  beforeAll(async () => {
    legacy = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId: SERVICE_CONNECTIONS.legacyBatchArm });
    containers = await manage("container-builds", { organization: "contoso-platform", projectName: "payments", endpointId: SERVICE_CONNECTIONS.containerBuildsRegistry });
  });
  afterEach(async () => {
    await Promise.all(faults.splice(0).map(removeFault));
    await emulatorSettings({ propagationDelayMs: 0 });
  });

  it("rotates: new secret verified, written into the azurerm connection, old one removed", async () => {
    const before = await credentialStatus(SERVICE_CONNECTIONS.legacyBatchArm);
    const { rotation, output } = await rotate(legacy);
    expect(rotation.state).toBe("succeeded");
    const after = await expectConsistent(legacy, SERVICE_CONNECTIONS.legacyBatchArm);
    expect(after.keyId).toBe(rotation.newKeyId);
    expect(after.keyId).not.toBe(before.keyId);
    expect(output.join("\n")).toMatch(/Created a new secret[\s\S]*Entra ID accepts[\s\S]*now holds the new secret[\s\S]*Removed 1 old secret/);
  });

  it("rotates a dockerregistry connection and waits out Entra's propagation", async () => {
    await emulatorSettings({ propagationDelayMs: 1200 });
    const { rotation, output } = await rotate(containers);
    expect(rotation.state).toBe("succeeded");
    expect((await expectConsistent(containers, SERVICE_CONNECTIONS.containerBuildsRegistry)).keyId).toBe(rotation.newKeyId);
    expect(output.some((l) => l.startsWith("Waiting for Entra ID"))).toBe(true);
  });

  it("refuses to write into a docker connection whose registry left the tenant's allow-list, and rolls back", async () => {
    const { tenantDevopsSettings } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const db = await getDb();
    const allowList = (hosts: string[]) => db.update(tenantDevopsSettings).set({ dockerRegistryHosts: hosts }).where(eq(tenantDevopsSettings.tenantId, containers.tenantId)).run();
    const before = await credentialStatus(SERVICE_CONNECTIONS.containerBuildsRegistry);
    allowList(["registry.fabrikam.example"]);
    try {
      const { rotation, output } = await rotate(containers);
      expect(rotation.state).toBe("failed");
      expect(rotation.failureReason).toMatch(/registry\.contoso\.example is not on this tenant's allow-list/);
      expect(output.join("\n")).toMatch(/Rolled back/);
      expect((await expectConsistent(containers, SERVICE_CONNECTIONS.containerBuildsRegistry)).keyId).toBe(before.keyId);
    } finally {
      allowList(CONTOSO_REGISTRY_HOSTS);
    }
  });

  it.each([
    ["a 5xx on addPassword", { host: "graph", path: "/addPassword", status: 500 }],
    ["a 429 storm on addPassword", { host: "graph", path: "/addPassword", status: 429, retryAfterSeconds: 0 }],
    ["a 5xx on the connection's PUT", { host: "devops", method: "PUT", status: 503 }],
    ["a 429 storm on the connection's PUT", { host: "devops", method: "PUT", status: 429, retryAfterSeconds: 0 }],
  ])("rolls back after %s: connection keeps its working secret, nothing orphaned", async (_, rule) => {
    const before = await credentialStatus(SERVICE_CONNECTIONS.legacyBatchArm);
    faults.push(await addFault(rule));
    const { rotation, output } = await rotate(legacy);
    expect(rotation.state).toBe("failed");
    expect(rotation.failureReason).toMatch(/Microsoft Graph did not add|Azure DevOps did not take/);
    expect(output.join("\n")).toMatch(/Rolled back/);
    expect((await expectConsistent(legacy, SERVICE_CONNECTIONS.legacyBatchArm)).keyId).toBe(before.keyId);
  });

  it("when Azure DevOps cannot tell whether the PUT landed, keeps both secrets; a later run decides from the stamp", async () => {
    const before = await credentialStatus(SERVICE_CONNECTIONS.legacyBatchArm);
    const fault = await addFault({ host: "devops", status: 503 });
    const { rotation, output } = await rotate(legacy);
    expect(rotation.state).toBe("verified");
    expect(output.some((l) => l.includes("both secrets are kept"))).toBe(true);
    expect((await secretsOf(legacy.appId)).filter((s) => s.live).map((s) => s.keyId)).toEqual(expect.arrayContaining([before.keyId, rotation.newKeyId]));
    await removeFault(fault);
    const { rotations } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const db = await getDb();
    db.update(rotations).set({ leaseExpiresAt: new Date(Date.now() - 1000) }).where(eq(rotations.id, rotation.id)).run();
    const resumed = (await runRotation(rotation.id, legacy.tenantId))!;
    expect(resumed.state).toBe("failed"); // the stamp shows the old key: the PUT never landed
    expect((await expectConsistent(legacy, SERVICE_CONNECTIONS.legacyBatchArm)).keyId).toBe(before.keyId);
  });

  it.each([
    ["addPassword hangs", { host: "graph", path: "/addPassword", hang: true }, /Microsoft Graph did not add/],
    ["the connection's PUT hangs", { host: "devops", method: "PUT", hang: true }, /Azure DevOps did not take/],
  ])("rolls back when %s (timeout): connection keeps its working secret, nothing orphaned", async (_, rule, reason) => {
    const before = await credentialStatus(SERVICE_CONNECTIONS.legacyBatchArm);
    faults.push(await addFault(rule));
    const { rotation } = await rotate(legacy);
    expect(rotation.state).toBe("failed");
    expect(rotation.failureReason).toMatch(reason);
    expect(rotation.failureReason).toMatch(/did not answer in time/);
    expect((await expectConsistent(legacy, SERVICE_CONNECTIONS.legacyBatchArm)).keyId).toBe(before.keyId);
  });

  it("rolls back when Entra ID never accepts the new secret", async () => {
    const before = await credentialStatus(SERVICE_CONNECTIONS.legacyBatchArm);
    await emulatorSettings({ propagationDelayMs: 60_000 });
    const { rotation } = await rotate(legacy);
    expect(rotation.state).toBe("failed");
    expect(rotation.failureReason).toBe("Entra ID did not accept the new secret in time.");
    expect((await expectConsistent(legacy, SERVICE_CONNECTIONS.legacyBatchArm)).keyId).toBe(before.keyId);
  });

  it("retries a transient 5xx on the connection's PUT and completes", async () => {
    faults.push(await addFault({ host: "devops", method: "PUT", status: 500, nth: 1, times: 1 }));
    const { rotation } = await rotate(legacy);
    expect(rotation.state).toBe("succeeded");
    expect((await expectConsistent(legacy, SERVICE_CONNECTIONS.legacyBatchArm)).keyId).toBe(rotation.newKeyId);
  });

  it("with the tenant's DevOps Integration off, rotates the secret but leaves the connection alone and says so", async () => {
    const reporting = await manage("reporting-service", { organization: "contoso-platform", projectName: "legacy", endpointId: SERVICE_CONNECTIONS.reportingArm }, { overlapHours: 24 });
    const { tenantDevopsSettings } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const db = await getDb();
    const before = await credentialStatus(SERVICE_CONNECTIONS.reportingArm);
    db.update(tenantDevopsSettings).set({ integrationEnabled: false }).where(eq(tenantDevopsSettings.tenantId, reporting.tenantId)).run();
    try {
      const { rotation, output } = await rotate(reporting);
      expect(rotation.state).toBe("succeeded");
      expect(output).toContain("DevOps Integration is off for this tenant: the service connection was not touched.");
      // A bound connection left alone is a warning on the rotation, never a plain success (issue 18).
      expect(rotation.warning).toMatch(/^Service connection reportingArm was not updated \(DevOps Integration is off for this tenant\)/);
      expect(await credentialStatus(SERVICE_CONNECTIONS.reportingArm)).toEqual(before); // still the old, still valid (24 h overlap)
      expect((await secretsOf(reporting.appId)).filter((s) => s.live).map((s) => s.keyId)).toContain(rotation.newKeyId);
    } finally {
      db.update(tenantDevopsSettings).set({ integrationEnabled: true }).where(eq(tenantDevopsSettings.tenantId, reporting.tenantId)).run();
    }
  });

  it("two triggers at once yield one rotation", async () => {
    const db = await getDb();
    const input = { tenantId: legacy.tenantId, applicationId: legacy.id, trigger: "manual" as const, requestedBy: "system" };
    const [a, b] = [await createOrGetActiveRotation(db, input), await createOrGetActiveRotation(db, input)];
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.rotation.id).toBe(a.rotation.id);
    const [ra, rb] = await Promise.all([runRotation(a.rotation.id, legacy.tenantId), runRotation(b.rotation.id, legacy.tenantId)]);
    expect([ra?.state, rb?.state]).toContain("succeeded");
    expect((await getRotation(db, { rotationId: a.rotation.id, tenantId: legacy.tenantId }))!.state).toBe("succeeded");
    await expectConsistent(legacy, SERVICE_CONNECTIONS.legacyBatchArm);
  });
});
