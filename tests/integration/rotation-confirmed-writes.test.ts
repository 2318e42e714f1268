import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { credentialStatus, manage, secretsOf } from "../support/applications";
import { addFault, removeFault, useTestEmulator } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "3";
const { getDb } = await import("@/db");
const { applications, rotations } = await import("@/db/schema");
const { createOrGetActiveRotation, getRotation, listOutput } = await import("@/db/queries/rotations");
const { addPassword, getApplication } = await import("@/lib/azure/graph");
const { updateServiceConnectionSecret } = await import("@/lib/azure/devops/service-connections");
const { testServiceConnection } = await import("@/lib/azure/devops/test-connection");
const { servicePrincipalCredential } = await import("@/lib/azure/devops/credential");
const { recoverRotations } = await import("@/lib/rotation/runner");
const { runRotation } = await import("@/lib/rotation/engine");

type Managed = Awaited<ReturnType<typeof manage>>;
let arm: Managed;
let registry: Managed;
const armEndpoint = SERVICE_CONNECTIONS.legacyBatchArm;

async function rotate(app: Managed) {
  const db = await getDb();
  const { rotation } = await createOrGetActiveRotation(db, { tenantId: app.tenantId, applicationId: app.id, trigger: "manual", requestedBy: "system" });
  const done = (await runRotation(rotation.id, app.tenantId))!;
  return { rotation: done, output: (await listOutput(db, { rotationId: done.id })).map((l) => l.message).join("\n") };
}
const liveKeys = async (appId: string) => (await secretsOf(appId)).filter((s) => !s.removed).map((s) => s.keyId);
const binding = async (app: Managed) => {
  const row = (await getDb()).select().from(applications).where(eq(applications.id, app.id)).get()!;
  return { organization: row.devopsOrganization!, project: row.devopsProjectId!, endpointId: row.devopsEndpointId! };
};

describe("confirmed writes into service connections", () => {
  const faults: string[] = [];
  beforeAll(async () => {
    arm = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId: armEndpoint });
    registry = await manage("container-builds", { organization: "contoso-platform", projectName: "payments", endpointId: SERVICE_CONNECTIONS.containerBuildsRegistry });
  });
  afterEach(async () => {
    await Promise.all(faults.splice(0).map(removeFault));
  });

  it("reads the connection back and has Azure DevOps test it with the new secret (azurerm)", async () => {
    const { rotation, output } = await rotate(arm);
    expect(rotation.state).toBe("succeeded");
    expect(output).toMatch(/Read legacyBatchArm back from Azure DevOps: it carries the new secret's stamp[\s\S]*now holds the new secret[\s\S]*tested legacyBatchArm with the new secret: it signs in/);
  });

  it("a dockerregistry connection has no test: the read-back is the confirmation", async () => {
    const { rotation, output } = await rotate(registry);
    expect(rotation.state).toBe("succeeded");
    expect(output).toMatch(/no connection test for dockerregistry connections; the read-back confirmed the update/);
  });

  it("a PUT that answers success without writing is caught by the read-back and compensated", async () => {
    const before = await credentialStatus(armEndpoint);
    faults.push(await addFault({ host: "devops", method: "PUT", path: `serviceendpoint/endpoints/${armEndpoint}`, discardWrite: true }));
    const { rotation, output } = await rotate(arm);
    expect(rotation.state).toBe("failed");
    expect(rotation.failureReason).toMatch(/answered the update of legacyBatchArm as done, but reading it back shows it still names key id .*: the write did not take/);
    expect(output).toMatch(/Rolled back: the new secret was removed; the old secret is still in place/);
    expect(await credentialStatus(armEndpoint), "the connection keeps its working secret").toEqual(before);
    expect(await liveKeys(arm.appId), "the new secret is gone").toEqual([before.keyId]);
  });

  it("the emulator's TestConnection fails, as Azure's does, when the stored key is not a secret of the application", async () => {
    const where = await binding(arm);
    const credential = servicePrincipalCredential(arm.tenantId);
    expect(await testServiceConnection(credential, { ...where, type: "azurerm" })).toEqual({ ran: true, ok: true });
    const before = await getApplication(arm.tenantId, arm.appId);
    await updateServiceConnectionSecret(credential, { ...where, appId: arm.appId, secret: "not-a-secret-of-this-app" });
    const failed = await testServiceConnection(credential, { ...where, type: null });
    expect(failed).toMatchObject({ ran: true, ok: false, message: expect.stringMatching(/^Failed to obtain the Json Web Token\(JWT\).*AADSTS7000215/) });
    // Put a working secret back for the next cases.
    const fresh = await addPassword(arm.tenantId, arm.objectId, { displayName: "test repair", endDateTime: new Date(Date.now() + 86_400_000 * 30) });
    await updateServiceConnectionSecret(credential, { ...where, appId: arm.appId, secret: fresh.secretText, keyId: fresh.keyId });
    expect(before.passwordCredentials.length).toBeGreaterThan(0);
  });

  it("a failed TestConnection fails the rotation and is reported; both secrets are kept (no rollback)", async () => {
    const oldKeys = await liveKeys(arm.appId);
    faults.push(
      await addFault({
        host: "devops",
        method: "POST",
        path: "serviceendpoint/endpointproxy",
        respond: { status: 200, body: { result: null, statusCode: "forbidden", errorMessage: "The service principal has no role on subscription 'Contoso Data'." } },
      }),
    );
    const { rotation, output } = await rotate(arm);
    expect(rotation.state).toBe("failed");
    expect(rotation.failureReason).toBe("Azure DevOps' connection test of legacyBatchArm failed: The service principal has no role on subscription 'Contoso Data'.");
    expect(output).toMatch(/connection test of legacyBatchArm failed[\s\S]*Not rolled back/);
    const live = await liveKeys(arm.appId);
    expect(live).toEqual(expect.arrayContaining([...oldKeys, rotation.newKeyId!]));
    expect(await credentialStatus(armEndpoint)).toMatchObject({ valid: true, keyId: rotation.newKeyId });
  });

  it("a crash after the write was confirmed resumes at the connection test and finishes", async () => {
    const db = await getDb();
    const { rotation } = await createOrGetActiveRotation(db, { tenantId: arm.tenantId, applicationId: arm.id, trigger: "schedule", requestedBy: "system" });
    const before = await getApplication(arm.tenantId, arm.appId);
    const secret = await addPassword(arm.tenantId, arm.objectId, { displayName: rotation.newSecretName!, endDateTime: new Date(Date.now() + 180 * 86_400_000) });
    await updateServiceConnectionSecret(servicePrincipalCredential(arm.tenantId), { ...(await binding(arm)), appId: arm.appId, secret: secret.secretText, keyId: secret.keyId });
    db.update(rotations)
      .set({ state: "connection_written", startedAt: new Date(), oldKeyIds: before.passwordCredentials.map((p) => p.keyId), newKeyId: secret.keyId, leaseOwner: "a-process-that-died", leaseExpiresAt: new Date(Date.now() - 1_000) })
      .where(eq(rotations.id, rotation.id))
      .run();
    expect((await recoverRotations({ tenantId: arm.tenantId })).resumed).toBe(1);
    const after = (await getRotation(db, { rotationId: rotation.id, tenantId: arm.tenantId }))!;
    expect(after.state).toBe("succeeded");
    expect((await listOutput(db, { rotationId: rotation.id })).map((l) => l.message).join("\n")).toMatch(/tested legacyBatchArm with the new secret: it signs in/);
    expect(await liveKeys(arm.appId)).toEqual([secret.keyId]);
  });
});
