import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { credentialStatus, manage, secretsOf } from "../support/applications";
import { useTestEmulator } from "../support/rotor";
import { commandLineActor } from "@/lib/actor";

process.env.LOG_LEVEL = "error";
useTestEmulator();
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "5";
const { getDb } = await import("@/db");
const { rotations } = await import("@/db/tables");
const { createApiKey } = await import("@/lib/api-keys/manage");
const { ensureTenant } = await import("@/db/queries/tenants");
const { TENANTS } = await import("../../emulator/seed");
const { addPassword } = await import("@/lib/azure/graph");
const { dueRunResponse } = await import("@/lib/api/schemas");
const dueRoute = await import("@/app/api/v1/rotations/due/route");

type Managed = Awaited<ReturnType<typeof manage>>;
type RotationJson = { id: string; applicationId: string; state: string; finished: boolean; trigger: string; requestedBy: { kind: string } };
type DueRun = { started: RotationJson[]; alreadyRunning: RotationJson[]; notDue: number; recovered: number };

let legacy: Managed;
let reporting: Managed;
let contosoKey: string;
let northwindKey: string;

let calls = 0;
const runDue = (key: string, body?: string) =>
  dueRoute.POST(
    new Request("http://rotor.test/api/v1/rotations/due", {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${key}`, "x-forwarded-for": `10.2.0.${++calls}`, ...(body ? { "content-type": "application/json" } : {}) },
    }),
    { params: Promise.resolve({}) },
  );

describe("scheduler API: POST /api/v1/rotations/due", () => {
  beforeAll(async () => {
    // The files share one emulator: rotate only Legacy Batch, which the rotation-engine tests
    // rotate too, bound to its service connection so the connection keeps a live secret.
    legacy = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId: SERVICE_CONNECTIONS.legacyBatchArm });
    reporting = await manage("reporting-service");
    // Legacy Batch is seeded with a secret that expires in 3 days, so it is due under the default
    // policy (rotate 30 days before expiry); other files may have rotated it already, so give it
    // such a secret again. Reporting Service's expires in 160 days: not due.
    await addPassword(legacy.tenantId, legacy.objectId, { displayName: "expiring soon", endDateTime: new Date(Date.now() + 3 * 86_400_000) });
    const db = await getDb();
    const actor = commandLineActor("test");
    contosoKey = (await createApiKey(db, { tenantId: legacy.tenantId, name: "hourly", actor })).key;
    await ensureTenant(db, { tenantId: TENANTS.northwind.id, name: TENANTS.northwind.name });
    northwindKey = (await createApiKey(db, { tenantId: TENANTS.northwind.id, name: "hourly", actor })).key;
  });

  it("refuses a bad body with 400 before starting anything", async () => {
    for (const [body, pattern] of [
      ['{"concurrency":0}', /body\.concurrency: `concurrency` must be from 1 to 32/],
      ['{"concurrency":33}', /from 1 to 32/],
      ['{"concurrency":"4"}', /whole number from 1 to 32/],
      ['{"concurrency":2.5}', /whole number/],
      ['{"parallel":4}', /unknown field\(s\) `parallel`/],
      ["concurrency=4", /not valid JSON/],
    ] as const) {
      const res = await runDue(contosoKey, body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "invalid_input", message: expect.stringMatching(pattern) });
    }
    expect((await getDb()).select().from(rotations).all()).toEqual([]);
  });

  it("another tenant's key runs nothing of Contoso's, even while Contoso has a due application", async () => {
    const res = await runDue(northwindKey, "{}");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ started: [], alreadyRunning: [], notDue: 0, recovered: 0 });
    expect((await getDb()).select().from(rotations).all()).toEqual([]);
  });

  it("starts the due rotations of the key's tenant, waits for them, and reports the rest as not due", async () => {
    const res = await runDue(contosoKey, JSON.stringify({ concurrency: 2 }));
    expect(res.status).toBe(200);
    const run = (await res.json()) as DueRun;
    expect(dueRunResponse.safeParse(run).success, "matches the OpenAPI document's DueRun").toBe(true);
    expect(run.started.map((r) => r.applicationId)).toEqual([legacy.id]);
    expect(run.started[0]).toMatchObject({ state: "succeeded", finished: true, trigger: "api", requestedBy: { kind: "api_key" } });
    expect(run.alreadyRunning).toEqual([]);
    expect(run.notDue).toBe(1); // Reporting Service
    expect(run.recovered).toBe(0);
    // Overlap 0: the old secrets (the 3-day one too) are gone; the connection holds the new one.
    expect((await secretsOf(legacy.appId)).filter((s) => !s.removed)).toHaveLength(1);
    const rotated = (await getDb()).select().from(rotations).where(eq(rotations.applicationId, legacy.id)).get()!;
    expect(await credentialStatus(SERVICE_CONNECTIONS.legacyBatchArm)).toMatchObject({ valid: true, keyId: rotated.newKeyId });
    expect((await getDb()).select().from(rotations).where(eq(rotations.applicationId, reporting.id)).all()).toEqual([]);
  });

  it("is safe to call again: what was rotated is no longer due (no body needed)", async () => {
    const res = await runDue(contosoKey);
    expect(res.status).toBe(200);
    expect((await res.json()) as DueRun).toEqual({ started: [], alreadyRunning: [], notDue: 2, recovered: 0 });
  });
});
