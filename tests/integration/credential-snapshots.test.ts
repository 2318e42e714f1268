import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { manage, secretsOf } from "../support/applications";
import { mark, requestsSince, useTestEmulator } from "../support/rotor";

process.env.LOG_LEVEL = "error";
useTestEmulator();
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "5";
const { getDb } = await import("@/db");
const { listCredentialSnapshots } = await import("@/db/queries/credential-snapshots");
const { requestRotation, startInBackground } = await import("@/lib/rotation/runner");
const { runDueRotations } = await import("@/lib/rotation/due");
const { addPassword } = await import("@/lib/azure/graph");

type Managed = Awaited<ReturnType<typeof manage>>;
let legacy: Managed;
let reporting: Managed;
const snapshotOf = async (app: Managed) => (await listCredentialSnapshots(await getDb(), { tenantId: app.tenantId, applicationIds: [app.id] })).get(app.id);
const graphCalls = async (since: number) => (await requestsSince(since)).filter((r) => r.path.startsWith("/graph/")).map((r) => `${r.method} ${decodeURIComponent(r.path)}`);

describe("the credential snapshot the Applications page reads", () => {
  beforeAll(async () => {
    // Legacy Batch (bound, as the other rotation tests use it) and Reporting Service, not due.
    legacy = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId: SERVICE_CONNECTIONS.legacyBatchArm });
    reporting = await manage("reporting-service");
  });

  it("a due run stores every managed application's snapshot from the one Graph answer it reads anyway", async () => {
    await addPassword(legacy.tenantId, legacy.objectId, { displayName: "expiring soon", endDateTime: new Date(Date.now() + 3 * 86_400_000) });
    const before = await mark();
    const run = await runDueRotations({ tenantId: legacy.tenantId, requestedBy: "system", concurrency: 2 });
    expect(run.started.map((r) => r.applicationId)).toContain(legacy.id);
    // Reporting Service was not due: its snapshot still comes from the due run's list.
    const snapshot = await snapshotOf(reporting);
    expect(snapshot).toMatchObject({ owned: true, tenantId: reporting.tenantId });
    expect(snapshot!.credentials.map((c) => c.keyId).sort()).toEqual((await secretsOf(reporting.appId)).filter((s) => s.live).map((s) => s.keyId).sort());
    const lists = (await graphCalls(before)).filter((c) => c.includes("/ownedObjects/"));
    expect(lists).toHaveLength(1);
  });

  it("after a rotation, the application's snapshot names the new secret and no longer the removed one; nothing secret is stored", async () => {
    const { rotation } = await requestRotation({ tenantId: legacy.tenantId, applicationId: legacy.id, trigger: "manual", requestedBy: "system" }, { start: false });
    const finished = await startInBackground(rotation);
    expect(finished?.state).toBe("succeeded");
    const snapshot = (await snapshotOf(legacy))!;
    expect(snapshot.credentials.map((c) => c.keyId)).toContain(finished!.newKeyId);
    const live = (await secretsOf(legacy.appId)).filter((s) => s.live).map((s) => s.keyId).sort();
    expect(snapshot.credentials.map((c) => c.keyId).sort()).toEqual(live);
    expect(snapshot.takenAt.getTime()).toBeGreaterThanOrEqual(finished!.finishedAt!.getTime() - 1_000);
    // Ids, hints, names and dates only.
    for (const c of snapshot.credentials) expect(Object.keys(c).sort()).toEqual(["displayName", "endDateTime", "hint", "keyId", "startDateTime"]);
    const db = await getDb();
    const raw = db.$client.prepare("select credentials from credential_snapshots where application_id = ?").get(legacy.id) as { credentials: string };
    expect(raw.credentials).not.toMatch(/secretText/i);
  });
});
