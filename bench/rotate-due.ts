import { randomUUID } from "node:crypto";
import { addLatency, benchEmulator, report, timed } from "./support";

/**
 * Rotating 200 applications through the due run (what POST /api/v1/rotations/due does), each
 * bound to an azurerm service connection, with a fixed latency on every emulator call and Graph's
 * published write throttle (3,000 application writes per 150 s per tenant) in force.
 * Floor: the calls one rotation must make one after another, times the latency, for
 * ceil(200 / concurrency) waves; or the throttle's floor for 2 writes per rotation, if larger.
 */
const COUNT = Number(process.env.BENCH_APPS ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** getApplication, addPassword, discovery + token (verify), GET + PUT connection, removePassword. */
const SEQUENTIAL_CALLS = 7;

const emulator = await benchEmulator();
const control = emulator.urls.http;
await fetch(`${control}/_emulator/settings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ writeLimit: 3000, writeWindowSeconds: 150 }) });
const bulk = (await (
  await fetch(`${control}/_emulator/bulk/applications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenant: "contoso", count: COUNT, secretExpiresInDays: 5, connections: { organization: "contoso-platform", project: "payments" } }),
  })
).json()) as { value: { appId: string; objectId: string; displayName: string; endpointId: string; projectId: string }[] };

const { getDb } = await import("@/db");
const { applications, tenantDevopsSettings } = await import("@/db/schema");
const { ensureTenant } = await import("@/db/queries/tenants");
const { TENANTS } = await import("../emulator/seed");
const { runDueRotations } = await import("@/lib/rotation/due");
const { eq } = await import("drizzle-orm");
const db = await getDb();
const tenantId = TENANTS.contoso.id;
await ensureTenant(db, { tenantId, name: "Contoso" });
db.update(tenantDevopsSettings).set({ integrationEnabled: true, useServicePrincipal: true }).where(eq(tenantDevopsSettings.tenantId, tenantId)).run();
for (const app of bulk.value) {
  db.insert(applications)
    .values({
      id: randomUUID(), tenantId, appId: app.appId, objectId: app.objectId, displayName: app.displayName, overlapHours: 0,
      devopsEnabled: true, devopsOrganization: "contoso-platform", devopsOrganizationTenantId: tenantId, devopsProjectId: app.projectId,
      devopsProjectName: "payments", devopsEndpointId: app.endpointId, devopsEndpointName: app.displayName,
    })
    .run();
}

await addLatency(emulator, LATENCY_MS);
const seqBefore = ((await (await fetch(`${control}/_emulator/requests`)).json()) as { seq: number }).seq;
const run = await timed(() => runDueRotations({ tenantId, requestedBy: "system", trigger: "api", concurrency: CONCURRENCY }));
const states = run.value.started.map((r) => r.state);
const succeeded = states.filter((s) => s === "succeeded").length;
let valid = 0;
for (const app of bulk.value) {
  const status = (await (await fetch(`${control}/_emulator/service-connections/${app.endpointId}/credential-status`)).json()) as { valid: boolean };
  if (status.valid) valid++;
}
const seqAfter = ((await (await fetch(`${control}/_emulator/requests`)).json()) as { seq: number }).seq;
const callsPerRotation = (seqAfter - seqBefore) / COUNT;
const latencyFloor = Math.ceil(COUNT / CONCURRENCY) * SEQUENTIAL_CALLS * LATENCY_MS;
const throttleFloor = Math.max(0, (2 * COUNT - 3000) / (3000 / 150)) * 1000;
const floor = Math.max(latencyFloor, throttleFloor);
report(
  `Rotate ${COUNT} applications through the due run`,
  [
    `concurrency ${CONCURRENCY}, ${LATENCY_MS} ms per emulator call, Graph write throttle 3000/150 s`,
    `took ${(run.ms / 1000).toFixed(2)} s; floor ${(floor / 1000).toFixed(2)} s (latency ${(latencyFloor / 1000).toFixed(2)} s, throttle ${(throttleFloor / 1000).toFixed(2)} s); ratio ${(run.ms / floor).toFixed(2)}`,
    `${succeeded}/${COUNT} succeeded; ${valid}/${COUNT} connections hold a live secret; ${callsPerRotation.toFixed(1)} emulator calls per rotation (floor assumes ${SEQUENTIAL_CALLS} sequential)`,
  ],
  { count: COUNT, concurrency: CONCURRENCY, latencyMs: LATENCY_MS, ms: Math.round(run.ms), floorMs: floor, ratio: Number((run.ms / floor).toFixed(2)), succeeded, valid, callsPerRotation },
);
await emulator.close();
process.exit(succeeded === COUNT && valid === COUNT ? 0 : 1);
