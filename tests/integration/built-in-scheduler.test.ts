import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { credentialStatus, manage, secretsOf } from "../support/applications";
import { currentUser, useTestEmulator } from "../support/rotor";
import { commandLineActor } from "@/lib/actor";

/**
 * Issue 18: the built-in scheduler and the due-run claim it shares with POST /api/v1/rotations/due —
 * claimed through the database, never run twice at once, skipped for a tenant that turned it off,
 * and recorded with who or what started it.
 */
process.env.LOG_LEVEL = "error";
useTestEmulator();
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "5";
const { getDb } = await import("@/db");
const { applications, auditLog, dueRuns, rotations } = await import("@/db/tables");
const { claimDueRun, finishDueRun, listDueRuns } = await import("@/db/queries/due-runs");
const { dueRunFor } = await import("@/lib/rotation/due-run");
const { runBuiltInDueRuns } = await import("@/lib/rotation/scheduler");
const { recoverRotations } = await import("@/lib/rotation/runner");
const { setBuiltInSchedulerFor } = await import("@/lib/schedule/set-built-in-scheduler");
const { scheduleStatus } = await import("@/lib/schedule/status");
const { createApiKey } = await import("@/lib/api-keys/manage");
const { addPassword } = await import("@/lib/azure/graph");
const dueRoute = await import("@/app/api/v1/rotations/due/route");

type Managed = Awaited<ReturnType<typeof manage>>;
let legacy: Managed;
const HOUR = 3_600_000;

/** Gives Legacy Batch a secret expiring in 3 days: due under the default policy (30 days before expiry). */
const makeDue = () => addPassword(legacy.tenantId, legacy.objectId, { displayName: "expiring soon", endDateTime: new Date(Date.now() + 3 * 86_400_000) });
const rotationsOf = async (applicationId: string) => (await getDb()).select().from(rotations).where(eq(rotations.applicationId, applicationId)).all();
const runsOf = async (tenantId: string) => (await getDb()).select().from(dueRuns).where(eq(dueRuns.tenantId, tenantId)).all();

describe("built-in scheduler and the due-run claim", () => {
  beforeAll(async () => {
    legacy = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId: SERVICE_CONNECTIONS.legacyBatchArm });
  });

  it("claims a due run through the database: one unfinished run per tenant, a dead runner's run taken over, none within the interval", async () => {
    const db = await getDb();
    const tenantId = legacy.tenantId;
    const base = { tenantId, trigger: "built_in" as const, requestedBy: "system", ttlMs: 60_000 };
    const first = await claimDueRun(db, { ...base, owner: "host-a:1:aaaaaaaa:00000001" });
    expect(first.claimed).not.toBeNull();
    const second = await claimDueRun(db, { ...base, owner: "host-b:2:bbbbbbbb:00000002" });
    expect(second).toEqual({ claimed: null, active: first.claimed });
    // The holder died: once its lease has run out, the next claim closes it (saying why) and runs.
    const later = new Date(Date.now() + 120_000);
    const takeover = await claimDueRun(db, { ...base, owner: "host-b:2:bbbbbbbb:00000003", now: later });
    expect(takeover.claimed).not.toBeNull();
    expect(db.select().from(dueRuns).where(eq(dueRuns.id, first.claimed!.id)).get()).toMatchObject({ finishedAt: later, error: expect.stringMatching(/runner stopped/) });
    await finishDueRun(db, { id: takeover.claimed!.id, owner: "host-b:2:bbbbbbbb:00000003", counts: { notDue: 1 } });
    // Several instances: a run started within the interval means the built-in one is not due yet.
    expect(await claimDueRun(db, { ...base, owner: "host-c:3:cccccccc:00000004", notSince: new Date(Date.now() - HOUR) })).toEqual({ claimed: null, active: null });
    db.delete(dueRuns).run();
  });

  it("two triggers at once run the tenant's due rotations once; the second is told what is already running", async () => {
    await makeDue();
    const [builtIn, api] = await Promise.all([
      dueRunFor({ tenantId: legacy.tenantId, trigger: "built_in", requestedBy: "system" }),
      dueRunFor({ tenantId: legacy.tenantId, trigger: "api", requestedBy: "api-key:nobody" }),
    ]);
    expect(builtIn.kind).toBe("ran");
    expect(api.kind).toBe("joined");
    if (builtIn.kind !== "ran" || api.kind !== "joined") return;
    expect(builtIn.run.started.map((r) => [r.applicationId, r.state])).toEqual([[legacy.id, "succeeded"]]);
    expect(api.run.started).toEqual([]);
    expect(api.run.alreadyRunning.map((r) => r.id)).toEqual(builtIn.run.started.map((r) => r.id));
    expect(await rotationsOf(legacy.id)).toHaveLength(1);
    // Recorded: the built-in scheduler started it, with its counts; the joiner recorded nothing.
    expect(await runsOf(legacy.tenantId)).toEqual([
      expect.objectContaining({ trigger: "built_in", requestedBy: "system", started: 1, succeeded: 1, failed: 0, finishedAt: expect.any(Date), error: null }),
    ]);
    expect(await credentialStatus(SERVICE_CONNECTIONS.legacyBatchArm)).toMatchObject({ valid: true, keyId: (await rotationsOf(legacy.id))[0]!.newKeyId });
  });

  it("the API's due run is recorded with the key that started it, and the page's summary names it", async () => {
    const db = await getDb();
    const { record, key } = await createApiKey(db, { tenantId: legacy.tenantId, name: "nightly cron", actor: commandLineActor("test") });
    const res = await dueRoute.POST(
      new Request("http://rotor.test/api/v1/rotations/due", { method: "POST", headers: { authorization: `Bearer ${key}`, "x-forwarded-for": "10.9.0.1" } }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    const latest = (await listDueRuns(db, { tenantId: legacy.tenantId, limit: 1 }))[0]!;
    expect(latest).toMatchObject({ trigger: "api", requestedBy: `api-key:${record.id}`, started: 0, notDue: 1 });
    const status = await scheduleStatus(db, { tenantId: legacy.tenantId });
    expect(status.lastRun).toMatchObject({ startedBy: "API key “nightly cron”", started: 0 });
    expect(status.builtIn).toBe("on");
    // The next built-in run is an interval after the last run, whatever started it.
    expect(Date.parse(status.nextRunAt!)).toBe(latest.startedAt.getTime() + status.intervalMs);
  });

  it("skips a tenant whose admin turned the built-in scheduler off (audited), and runs it again once on", async () => {
    const db = await getDb();
    const admin = await currentUser("contoso-admin");
    const owner = await currentUser("contoso-owner");
    await expect(setBuiltInSchedulerFor(db, owner, { enabled: false })).rejects.toThrow(/Only tenant admins/);
    expect(await setBuiltInSchedulerFor(db, admin, { enabled: false })).toEqual({ changed: true });
    expect(await setBuiltInSchedulerFor(db, admin, { enabled: false })).toEqual({ changed: false });
    const audited = db.select().from(auditLog).where(and(eq(auditLog.tenantId, legacy.tenantId), eq(auditLog.action, "settings.schedule_updated"))).all();
    expect(audited).toEqual([expect.objectContaining({ actorId: admin.id, detail: { changes: ["Built-in scheduler off"] } })]);

    await makeDue();
    const runsBefore = (await runsOf(legacy.tenantId)).length;
    await runBuiltInDueRuns(1_000, new Date(Date.now() + HOUR)); // the interval has long passed
    expect(await runsOf(legacy.tenantId)).toHaveLength(runsBefore);
    expect(await rotationsOf(legacy.id)).toHaveLength(1);
    expect(await scheduleStatus(db, { tenantId: legacy.tenantId })).toMatchObject({ builtIn: "off_tenant", nextRunAt: null });

    await setBuiltInSchedulerFor(db, admin, { enabled: true });
    // Within the interval of the API's run just before: still nothing.
    await runBuiltInDueRuns(HOUR);
    expect(await runsOf(legacy.tenantId)).toHaveLength(runsBefore);
    await runBuiltInDueRuns(1_000, new Date(Date.now() + HOUR));
    const runs = await listDueRuns(db, { tenantId: legacy.tenantId, limit: 1 });
    expect(runs[0]).toMatchObject({ trigger: "built_in", requestedBy: "system", started: 1, succeeded: 1 });
    const latest = (await rotationsOf(legacy.id)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
    expect(latest).toMatchObject({ trigger: "schedule", requestedBy: "system", state: "succeeded" });
  });

  it("an application whose old secrets are retiring (in their overlap) is not due again", async () => {
    const db = await getDb();
    db.update(applications).set({ overlapHours: 24 }).where(eq(applications.id, legacy.id)).run();
    await makeDue();
    const first = await dueRunFor({ tenantId: legacy.tenantId, trigger: "api", requestedBy: "system" });
    expect(first.kind === "ran" && first.run.started.map((r) => r.state)).toEqual(["succeeded"]);
    // The 3-day secret is still live (24 h overlap) but replaced: the next run finds nothing due.
    const again = await dueRunFor({ tenantId: legacy.tenantId, trigger: "api", requestedBy: "system" });
    expect(again.kind === "ran" && again.run).toMatchObject({ started: [], notDue: 1 });

    // Leave the shared emulator as the other files expect it: end the overlap and remove the old secrets.
    db.update(rotations).set({ oldSecretsRemoveAfter: new Date(0) }).where(eq(rotations.applicationId, legacy.id)).run();
    db.update(applications).set({ overlapHours: 0 }).where(eq(applications.id, legacy.id)).run();
    await recoverRotations({ tenantId: legacy.tenantId });
    expect((await secretsOf(legacy.appId)).filter((s) => s.live)).toHaveLength(1);
  });
});
