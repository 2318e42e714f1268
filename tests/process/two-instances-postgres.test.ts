import { eq, inArray } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { freePort, startApp, type RunningApp } from "../../scripts/stack";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";
import { createSchedulerKey, FINISHED, schedulerApi, useStackData } from "../support/process-rotor";
import { emulatorControl, waitFor } from "../support/process-stack";

/**
 * Issue 14's "Done when": two `next start` instances on one PostgreSQL database, with the emulator.
 * Both receive POST /api/v1/rotations/due at the same moment for every due application: each is
 * rotated exactly once, every connection holds a live secret, no request fails. Then a second
 * run, and the instance running it is killed with SIGKILL: the other finishes the rotations
 * (recovery from the journal the dead one left), nothing stays half-written.
 * ROTOR_TWO_INSTANCE_APPS sets how many applications (40 here; 200 for the issue's figures).
 *
 * Runs only with ROTOR_TWO_INSTANCES=1 (20 applications: 6 s for the first case, 5 min 11 s for the
 * second, which waits out the killed holder's 5-minute due-run lease: a due run, unlike a rotation,
 * is not yet taken over early from a dead process on the same host). Too long for npm test's budget.
 */
const COUNT = Number(process.env.ROTOR_TWO_INSTANCE_APPS ?? 40);
const ENABLED = process.env.ROTOR_TWO_INSTANCES === "1";
const available = ENABLED && (await postgresAvailable());
if (!ENABLED) console.log("Two-instance PostgreSQL test skipped: set ROTOR_TWO_INSTANCES=1 to run it (about 6 minutes).");

type Bulk = { appId: string; objectId: string; displayName: string; endpointId: string; projectId: string };

describe.skipIf(!available)(`two instances on one PostgreSQL database, ${COUNT} due applications`, { timeout: 600_000 }, () => {
  let database: TestDatabase;
  let emulator: RunningEmulator;
  let dataDir: string;
  let instances: RunningApp[] = [];
  let apps: Bulk[] = [];
  let key: string;
  let tenantId: string;

  const launch = async () =>
    startApp({
      dataDir,
      appPort: await freePort(),
      emulator,
      env: { LOG_LEVEL: "warn", ROTOR_SCHEDULER_INTERVAL_SECONDS: "0", ROTOR_DATABASE_URL: database.url },
    });

  async function tables() {
    const { getDb } = await import("@/db");
    const t = await import("@/db/tables");
    return { db: await getDb(), ...t };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), "rotor-two-"));
    emulator = await startEmulator({ dataDir, httpPort: 0, httpsPort: 0 });
    useStackData({ dataDir, emulator });
    process.env.ROTOR_DATABASE_URL = database.url;
    const control = emulator.urls.http;
    const res = await fetch(`${control}/_emulator/bulk/applications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenant: "contoso", count: COUNT, secretExpiresInDays: 5, connections: { organization: "contoso-platform", project: "payments" } }),
    });
    apps = ((await res.json()) as { value: Bulk[] }).value;

    const { TENANTS } = await import("../../emulator/seed");
    const { ensureTenant } = await import("@/db/queries/tenants");
    const { db, applications, tenantDevopsSettings } = await tables();
    tenantId = TENANTS.contoso.id;
    await ensureTenant(db, { tenantId, name: "Contoso" });
    await db.update(tenantDevopsSettings).set({ integrationEnabled: true, useServicePrincipal: true }).where(eq(tenantDevopsSettings.tenantId, tenantId));
    await db.insert(applications).values(
      apps.map((app) => ({
        id: randomUUID(), tenantId, appId: app.appId, objectId: app.objectId, displayName: app.displayName, overlapHours: 0,
        devopsEnabled: true, devopsOrganization: "contoso-platform", devopsOrganizationTenantId: tenantId, devopsProjectId: app.projectId,
        devopsProjectName: "payments", devopsEndpointId: app.endpointId, devopsEndpointName: app.displayName,
      })),
    );
    key = await createSchedulerKey(tenantId, "two instances");
    // Started together: both migrate under the lock (nothing is left to do) and share the data folder's keys.
    instances = await Promise.all([launch(), launch()]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await emulator?.close();
    const { getDb } = await import("@/db");
    await ((await getDb()) as unknown as { $client: { end(): Promise<void> } }).$client.end();
    await database?.drop();
    if (!process.env.ROTOR_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  });

  async function rotationsByApp() {
    const { db, rotations, applications } = await tables();
    const rows = await db.select({ appId: applications.appId, id: rotations.id, state: rotations.state, newKeyId: rotations.newKeyId, leaseOwner: rotations.leaseOwner, createdAt: rotations.createdAt })
      .from(rotations)
      .innerJoin(applications, eq(rotations.applicationId, applications.id))
      .orderBy(rotations.createdAt);
    const grouped = new Map<string, typeof rows>();
    for (const row of rows) grouped.set(row.appId, [...(grouped.get(row.appId) ?? []), row]);
    return grouped;
  }

  /** Every connection holds a live secret, the one its last succeeded rotation made, and Graph keeps no other. */
  async function everyConnectionLive() {
    const control = emulatorControl(emulator);
    const byApp = await rotationsByApp();
    for (const app of apps) {
      const latest = byApp.get(app.appId)!.filter((r) => r.state === "succeeded").at(-1)!;
      const connection = await control.credentialStatus(app.endpointId);
      expect(connection.valid, `${app.displayName}: the connection holds a live secret`).toBe(true);
      expect(connection.keyId, `${app.displayName}: its last rotation's secret`).toBe(latest.newKeyId);
      const present = (await control.secrets(app.appId)).filter((s) => s.state === "live" || s.state === "pending").map((s) => s.keyId);
      expect(present, `${app.displayName}: no orphan secret in Graph`).toEqual([latest.newKeyId]);
    }
  }

  it("both instances called at the same moment: every application rotated exactly once, no request fails", async () => {
    const started = Date.now();
    const answers = await Promise.all(instances.map((i) => schedulerApi(i.appUrl, key).due()));
    const seconds = (Date.now() - started) / 1000;
    for (const answer of answers) expect(answer.status).toBe(200);
    // The run is claimed in the database: whichever instance wins runs it, the other reports it running.
    const byApp = await rotationsByApp();
    expect(byApp.size).toBe(COUNT);
    for (const [appId, rows] of byApp) {
      expect(rows.map((r) => r.state), appId).toEqual(["succeeded"]);
      expect(rows[0]!.leaseOwner).toBeNull();
    }
    await everyConnectionLive();
    console.log(`${COUNT} applications rotated once each by two instances in ${seconds.toFixed(1)} s`);
  });

  it("SIGKILL of the instance running the second run: the other finishes it from the journal, nothing half-written", async () => {
    const { db, applications, dueRuns } = await tables();
    // Every application falls due again (a year's window).
    await db.update(applications).set({ rotateBeforeDays: 365 }).where(eq(applications.tenantId, tenantId));
    const calls = instances.map((i) => schedulerApi(i.appUrl, key).due().catch((error: Error) => error));
    // Kill the run's holder once some of its rotations are done and others are in flight.
    const holder = await waitFor("the second run to be under way", async () => {
      const active = (await db.select().from(dueRuns).where(eq(dueRuns.tenantId, tenantId))).find((r) => r.finishedAt === null);
      if (!active) return undefined;
      const second = [...(await rotationsByApp()).values()].filter((rows) => rows.length === 2);
      const done = second.filter((rows) => FINISHED.includes(rows[1]!.state)).length;
      return done >= 2 && done < COUNT - 4 ? active : undefined;
    }, 120_000, 100);
    const pid = Number(/:(\d+):[0-9a-f]{8}:[0-9a-f]{8}$/.exec(holder.owner)![1]);
    const victim = instances.find((i) => processGroup(pid) === i.pid)!;
    const survivor = instances.find((i) => i !== victim)!;
    expect(victim, `the run's holder ${holder.owner} is one of the two instances`).toBeDefined();
    await victim.stop("SIGKILL");
    instances = [survivor];
    await Promise.all(calls);

    // The survivor's next due run takes the dead holder's run and rotations over and finishes them.
    await waitFor("the survivor to finish every rotation", async () => {
      const answer = await schedulerApi(survivor.appUrl, key).due();
      expect(answer.status).toBe(200);
      const byApp = await rotationsByApp();
      const open = [...byApp.values()].flat().filter((r) => !FINISHED.includes(r.state));
      const rotatedTwice = [...byApp.values()].filter((rows) => rows.filter((r) => r.state === "succeeded").length >= 2).length;
      return open.length === 0 && rotatedTwice === COUNT ? true : undefined;
    }, 300_000, 1_000);

    const all = [...(await rotationsByApp()).values()].flat();
    for (const r of all) {
      expect(FINISHED, `rotation ${r.id}`).toContain(r.state);
      expect(r.leaseOwner, `rotation ${r.id} released its lease`).toBeNull();
    }
    const { rotations } = await tables();
    const failed = all.filter((r) => r.state === "failed").map((r) => r.id);
    if (failed.length) {
      const { rotationOutput } = await tables();
      const lines = await db.select().from(rotationOutput).where(inArray(rotationOutput.rotationId, failed));
      for (const id of failed) expect(lines.some((l) => l.rotationId === id && l.message.startsWith("Rolled back")), `rotation ${id} rolled back`).toBe(true);
    }
    expect(await db.select({ id: rotations.id }).from(rotations)).toHaveLength(all.length);
    await everyConnectionLive();
    console.log(`second run: holder killed; ${all.length - COUNT} second-run rotations, ${failed.length} rolled back and rotated again`);
  });
});

/** The process group of a pid (next start's server runs as a child in the group startApp made). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}
