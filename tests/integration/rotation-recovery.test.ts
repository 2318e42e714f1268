import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { credentialStatus, manage, secretsOf } from "../support/applications";
import { addFault, removeFault, useTestEmulator } from "../support/rotor";

useTestEmulator();
const { getDb } = await import("@/db");
const { applications, rotations } = await import("@/db/schema");
const { createOrGetActiveRotation, getRotation, listOutput } = await import("@/db/queries/rotations");
const { addPassword, getApplication } = await import("@/lib/azure/graph");
const { updateServiceConnectionSecret } = await import("@/lib/azure/devops/service-connections");
const { servicePrincipalCredential } = await import("@/lib/azure/devops/credential");
const { recoverRotations } = await import("@/lib/rotation/runner");
const { runRotation } = await import("@/lib/rotation/engine");

type Managed = Awaited<ReturnType<typeof manage>>;
let app: Managed;
const endpointId = SERVICE_CONNECTIONS.legacyBatchArm;

/**
 * A process that died mid-rotation leaves its journal behind with a lease that runs out. Each case
 * rebuilds exactly what such a process would have left (in Azure and in the journal), then lets
 * recovery run, and checks the outcome the journal promises.
 */
async function crashedAt(state: "pending" | "secret_created" | "verified" | "connection_updated", opts: { putLanded?: boolean } = {}) {
  const db = await getDb();
  const { rotation } = await createOrGetActiveRotation(db, { tenantId: app.tenantId, applicationId: app.id, trigger: "schedule", requestedBy: "system" });
  const before = await getApplication(app.tenantId, app.appId);
  const secret = await addPassword(app.tenantId, app.objectId, { displayName: rotation.newSecretName!, endDateTime: new Date(Date.now() + 180 * 86_400_000) });
  if (opts.putLanded) {
    const row = db.select().from(applications).where(eq(applications.id, app.id)).get()!;
    await updateServiceConnectionSecret(servicePrincipalCredential(app.tenantId), { organization: row.devopsOrganization!, project: row.devopsProjectId!, endpointId, appId: app.appId, secret: secret.secretText, keyId: secret.keyId });
  }
  db.update(rotations)
    .set({
      state,
      startedAt: new Date(),
      oldKeyIds: before.passwordCredentials.map((p) => p.keyId),
      newKeyId: state === "pending" ? null : secret.keyId,
      leaseOwner: "a-process-that-died",
      leaseExpiresAt: new Date(Date.now() - 1_000),
    })
    .where(eq(rotations.id, rotation.id))
    .run();
  const recovered = await recoverRotations({ tenantId: app.tenantId });
  expect(recovered.resumed).toBe(1);
  const after = (await getRotation(db, { rotationId: rotation.id, tenantId: app.tenantId }))!;
  return { rotation: after, newKeyId: secret.keyId, output: (await listOutput(db, { rotationId: rotation.id })).map((l) => l.message) };
}

async function liveKeys() {
  return (await secretsOf(app.appId)).filter((s) => !s.removed).map((s) => s.keyId);
}

describe("recovery after a crash at each step", () => {
  beforeAll(async () => {
    app = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId });
  });

  it("before the new key id was journaled: the secret is found by its name and removed", async () => {
    const connection = await credentialStatus(endpointId);
    const { rotation, newKeyId } = await crashedAt("pending");
    expect(rotation.state).toBe("failed");
    expect(rotation.failureReason).toMatch(/stopped before the new secret was recorded/);
    expect(await liveKeys()).not.toContain(newKeyId);
    expect(await credentialStatus(endpointId)).toEqual(connection);
  });

  it("after the secret was created: rolled back", async () => {
    const connection = await credentialStatus(endpointId);
    const { rotation, newKeyId } = await crashedAt("secret_created");
    expect(rotation.state).toBe("failed");
    expect(await liveKeys()).not.toContain(newKeyId);
    expect(await credentialStatus(endpointId)).toEqual(connection);
  });

  it("after verification, before the PUT: rolled back, the connection keeps its secret", async () => {
    const connection = await credentialStatus(endpointId);
    const { rotation, newKeyId } = await crashedAt("verified");
    expect(rotation.state).toBe("failed");
    expect(await liveKeys()).not.toContain(newKeyId);
    expect(await credentialStatus(endpointId)).toEqual(connection);
  });

  it("after the PUT landed but before it was journaled: the stamp shows it, so the rotation finishes", async () => {
    const { rotation, newKeyId, output } = await crashedAt("verified", { putLanded: true });
    expect(rotation.state).toBe("succeeded");
    expect(await credentialStatus(endpointId)).toMatchObject({ valid: true, keyId: newKeyId });
    expect(await liveKeys()).toEqual([newKeyId]);
    expect(output.join("\n")).toMatch(/now holds the new secret/);
  });

  it("after the connection was updated: the old secrets are removed and it succeeds", async () => {
    const { rotation, newKeyId } = await crashedAt("connection_updated", { putLanded: true });
    expect(rotation.state).toBe("succeeded");
    expect(await liveKeys()).toEqual([newKeyId]);
    expect(await credentialStatus(endpointId)).toMatchObject({ valid: true, keyId: newKeyId });
  });
});

describe("a new secret Microsoft Graph creates after its rotation rolled back", () => {
  it("is looked for by its name at the next runs and removed; the look-out ends after a day", async () => {
    const db = await getDb();
    const fault = await addFault({ host: "graph", path: "/addPassword", status: 503 });
    const { rotation: created } = await createOrGetActiveRotation(db, { tenantId: app.tenantId, applicationId: app.id, trigger: "schedule", requestedBy: "system" });
    let rotation = (await runRotation(created.id, app.tenantId))!;
    await removeFault(fault);
    expect(rotation.state).toBe("failed");
    expect(rotation.lateSecretCheckUntil!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect((await listOutput(db, { rotationId: rotation.id })).at(-1)!.message).toContain(`looks for "${rotation.newSecretName}" for a day`);

    // Graph's write lands after all, once the rotation had given up on it.
    const late = await addPassword(app.tenantId, app.objectId, { displayName: rotation.newSecretName!, endDateTime: new Date(Date.now() + 86_400_000) });
    expect(await liveOrPending(late.keyId)).toBe(true);
    await recoverRotations({ tenantId: app.tenantId });
    rotation = (await getRotation(db, { rotationId: rotation.id, tenantId: app.tenantId }))!;
    expect(await liveOrPending(late.keyId)).toBe(false);
    expect(rotation.lateSecretCheckUntil).toBeNull();
    expect((await listOutput(db, { rotationId: rotation.id })).at(-1)!.message).toBe("Removed the new secret Microsoft Graph created after the rollback (1).");
    expect(await credentialStatus(endpointId)).toMatchObject({ valid: true });
  });

  it("stops looking once the day is over", async () => {
    const db = await getDb();
    const { rotation } = await createOrGetActiveRotation(db, { tenantId: app.tenantId, applicationId: app.id, trigger: "schedule", requestedBy: "system" });
    db.update(rotations).set({ state: "failed", startedAt: new Date(), lateSecretCheckUntil: new Date(Date.now() - 1) }).where(eq(rotations.id, rotation.id)).run();
    await recoverRotations({ tenantId: app.tenantId });
    expect((await getRotation(db, { rotationId: rotation.id, tenantId: app.tenantId }))!.lateSecretCheckUntil).toBeNull();
  });
});

async function liveOrPending(keyId: string) {
  return (await secretsOf(app.appId)).some((s) => s.keyId === keyId && !s.removed);
}
