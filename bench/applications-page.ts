import { randomUUID } from "node:crypto";
import { TENANTS } from "../emulator/seed";
import { signInOverHttp } from "../tests/support/http-session";
import { loadTable, runLoad, type TargetResult } from "../tests/support/load";
import { createSchedulerKey, schedulerApi, useStackData } from "../tests/support/process-rotor";
import { groupCpuMs, startProcessStack } from "../tests/support/process-stack";
import { report } from "./support";

/**
 * The Applications page at scale: the real `next start` (the existing build) with `BENCH_PAGE_APPS`
 * managed applications in one tenant, the emulator at zero latency, `BENCH_PAGE_CONNECTIONS`
 * concurrent clients with an admin's session for `BENCH_PAGE_SECONDS` after a warm-up. Reports
 * latency p50/p99, the app's CPU time per page render (from /proc, all of the app's processes) and
 * the Azure calls the emulator answered meanwhile (its request log: there must be none).
 */
const APPS = Number(process.env.BENCH_PAGE_APPS ?? 1000);
const CONNECTIONS = Number(process.env.BENCH_PAGE_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;
const tenantId = TENANTS.contoso.id;

const stack = await startProcessStack({ logLevel: "error" });
let failed = false;
try {
  useStackData(stack);
  const { getDb } = await import("@/db");
  const { applications } = await import("@/db/schema");
  const { ensureTenant } = await import("@/db/queries/tenants");
  const { listCredentialSnapshots } = await import("@/db/queries/credential-snapshots");
  const { APPLICATIONS_PAGE_SIZE } = await import("@/lib/applications/list");
  const db = await getDb();
  await ensureTenant(db, { tenantId, name: TENANTS.contoso.name });

  // N applications owned by Rotor's service principal in Entra ID, all managed by Rotor, none due.
  const bulk = await fetch(`${stack.emulator.urls.http}/_emulator/bulk/applications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenant: "contoso", count: APPS, secretExpiresInDays: 700 }),
  });
  const created = ((await bulk.json()) as { value: { appId: string; objectId: string; displayName: string }[] }).value;
  for (let i = 0; i < created.length; i += 100) {
    db.insert(applications)
      .values(created.slice(i, i + 100).map((a) => ({ id: randomUUID(), tenantId, appId: a.appId, objectId: a.objectId, displayName: a.displayName })))
      .run();
  }
  // A due run (nothing is due) stores every application's credential snapshot, as the hourly one does.
  const key = await createSchedulerKey(tenantId, "bench");
  const due = await schedulerApi(stack.appUrl, key).due();
  const snapshots = (await listCredentialSnapshots(db, { tenantId })).size;
  if (snapshots !== APPS) throw new Error(`expected ${APPS} credential snapshots after the due run (${due.status}), found ${snapshots}`);

  const session = await signInOverHttp(stack.appUrl, "contoso-admin");
  const seq = async () => ((await (await fetch(`${stack.emulator.urls.http}/_emulator/requests`)).json()) as { seq: number }).seq;
  const azureCallsSince = async (since: number) =>
    ((await (await fetch(`${stack.emulator.urls.http}/_emulator/requests?since=${since}`)).json()) as { value: { path: string }[] }).value.filter((r) =>
      /^\/(graph|devops|app|vssps)\//.test(r.path),
    ).length;

  const routes = [
    { name: `GET /applications (${APPS} apps, first page)`, path: "/applications" },
    { name: `GET /applications?q=…&sort=name&page=3`, path: "/applications?q=app&sort=name&page=3" },
    // No row matches: what a page costs before its rows (session, layout, counts), to tell it from the rows' share.
    { name: `GET /applications?q=(no match)`, path: "/applications?q=no-such-application" },
  ];
  const results: (TargetResult & { azureCalls: number })[] = [];
  for (const route of routes) {
    const target = { name: route.name, method: "GET" as const, path: route.path, headers: { cookie: session }, connections: CONNECTIONS };
    await runLoad(stack.appUrl, [target], { durationSeconds: WARM_UP_SECONDS });
    const [cpuBefore, seqBefore] = [groupCpuMs(stack.app.pid), await seq()];
    const [result] = await runLoad(stack.appUrl, [target], { durationSeconds: SECONDS, timeoutSeconds: 60 });
    const cpuMsPerRequest = (groupCpuMs(stack.app.pid) - cpuBefore) / Math.max(1, result!.requests);
    results.push({ ...result!, cpuMsPerRequest, azureCalls: await azureCallsSince(seqBefore) });
  }
  const unexpected = results.filter((r) => Object.keys(r.statuses).some((s) => Number(s) >= 300) || r.errors > 0 || r.azureCalls > 0);
  failed = unexpected.length > 0;
  report(
    "Applications page at scale",
    [
      `next start (${process.env.ROTOR_NEXT_DIST_DIR || ".next"}), ${APPS} managed applications, ${APPLICATIONS_PAGE_SIZE} a page, emulator at zero latency; ${CONNECTIONS} connections, ${SECONDS} s after ${WARM_UP_SECONDS} s of warm-up`,
      loadTable(results),
      ...results.map((r) => `${r.name}: Azure calls during the load ${r.azureCalls}`),
      unexpected.length ? `UNEXPECTED on: ${unexpected.map((r) => r.name).join(", ")}` : "every answer 2xx, no Azure call",
    ],
    { apps: APPS, pageSize: APPLICATIONS_PAGE_SIZE, connections: CONNECTIONS, seconds: SECONDS, warmUpSeconds: WARM_UP_SECONDS, latencyMs: 0, distDir: process.env.ROTOR_NEXT_DIST_DIR || ".next", results },
  );
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
