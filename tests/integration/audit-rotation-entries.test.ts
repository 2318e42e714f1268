import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { manage } from "../support/applications";
import { addFault, removeFault, useTestEmulator } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "3";
process.env.ROTOR_AZURE_TIMEOUT_SECONDS = "1";
const { getDb } = await import("@/db");
const { createOrGetActiveRotation } = await import("@/db/queries/rotations");
const { runRotation } = await import("@/lib/rotation/engine");
const { verifyTenantChain } = await import("@/lib/audit/verify");

type Managed = Awaited<ReturnType<typeof manage>>;

/** Rotates and returns the audit entry the rotation's end wrote (written just after the run returns). */
async function rotateAndAudit(app: Managed) {
  const db = await getDb();
  const { rotation } = await createOrGetActiveRotation(db, { tenantId: app.tenantId, applicationId: app.id, trigger: "manual", requestedBy: "system" });
  const done = (await runRotation(rotation.id, app.tenantId))!;
  const find = () =>
    db.$client.prepare("select action, target_id as targetId, detail from audit_log where action in ('rotation.succeeded', 'rotation.failed') and detail like ?").get(`%${done.id}%`) as
      | { action: string; targetId: string; detail: string }
      | undefined;
  await vi.waitFor(() => expect(find()).toBeDefined());
  const row = find()!;
  return { rotation: done, action: row.action, targetId: row.targetId, detail: JSON.parse(row.detail) as Record<string, unknown> };
}

describe("a rotation's audit entry names the application and what happened to its service connection", () => {
  let legacy: Managed;
  let payments: Managed;
  const faults: string[] = [];
  beforeAll(async () => {
    legacy = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId: SERVICE_CONNECTIONS.legacyBatchArm });
    payments = await manage("payments-api");
  });
  afterEach(async () => void (await Promise.all(faults.splice(0).map(removeFault))));

  it("succeeded: the application, and the connection that now holds the new secret", async () => {
    const { rotation, action, targetId, detail } = await rotateAndAudit(legacy);
    expect(action).toBe("rotation.succeeded");
    expect(targetId).toBe(legacy.id);
    expect(detail).toMatchObject({
      application: "Legacy Batch",
      appId: legacy.appId,
      connection: { outcome: "updated", name: "legacyBatchArm", organization: "contoso-data" },
      changes: [expect.stringMatching(/^service connection legacyBatchArm \(contoso-data\) now holds the new secret$/), `new secret ${rotation.newKeyId}`],
    });
  });

  it("failed: the connection is named as unchanged, with the reason", async () => {
    faults.push(await addFault({ host: "graph", path: "/addPassword", status: 500 }));
    const { action, detail } = await rotateAndAudit(legacy);
    expect(action).toBe("rotation.failed");
    expect(detail).toMatchObject({ application: "Legacy Batch", connection: { outcome: "unchanged", name: "legacyBatchArm" }, reason: expect.stringMatching(/Microsoft Graph did not add/) });
    expect(detail.changes).toEqual(["service connection legacyBatchArm (contoso-data) unchanged, still on a working secret"]);
  });

  it("not bound: says the connection was not touched, and why", async () => {
    const { action, detail } = await rotateAndAudit(payments);
    expect(action).toBe("rotation.succeeded");
    expect(detail).toMatchObject({ application: "Payments API", connection: { outcome: "not_touched", reason: "DevOps Integration is off for this application" } });
    expect((await verifyTenantChain(await getDb(), { tenantId: payments.tenantId })).broken).toBeNull();
  });
});
