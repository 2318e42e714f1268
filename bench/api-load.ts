import { signInOverHttp } from "../tests/support/http-session";
import { loadTable, runLoad, type Target, type TargetResult } from "../tests/support/load";
import { BINDINGS, bindApplication, createSchedulerKey, FINISHED, journalReader, schedulerApi, useStackData, type BoundKey } from "../tests/support/process-rotor";
import { emulatorControl, groupCpuMs, startProcessStack, waitFor } from "../tests/support/process-stack";
import { report } from "./support";

/**
 * Rotor's own overhead per route handler: the real `next start` (the existing build) with the
 * emulator at zero latency, one route at a time under `BENCH_API_CONNECTIONS` concurrent clients
 * for `BENCH_API_SECONDS` after a short warm-up. The start route is measured while the
 * application's rotation is held mid-flight (its service-connection PUT hangs), so every call
 * returns the running rotation; the due run finds nothing due (every secret is fresh). Besides
 * throughput and latency (which other load on the machine skews), the app's own CPU time per
 * request is measured from /proc.
 */
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 10);
const WARM_UP_SECONDS = 2;

const stack = await startProcessStack({ logLevel: "error" });
let failed = false;
try {
  useStackData(stack);
  const apps = [];
  for (const name of Object.keys(BINDINGS) as BoundKey[]) apps.push(await bindApplication(name));
  const key = await createSchedulerKey(apps[0]!.tenantId, "bench");
  const api = schedulerApi(stack.appUrl, key);
  const journal = journalReader(stack.dbFile);
  const finished = (id: string) => waitFor(`rotation ${id}`, () => (FINISHED.includes(journal.rotation(id)?.state ?? "") ? true : undefined));

  // Every application rotated once: fresh secrets (nothing due) and a finished rotation to read.
  const done: string[] = [];
  for (const app of apps) done.push((await api.start(app.id)).body.rotation.id);
  for (const id of done) await finished(id);

  // One rotation held mid-flight for the start route: its PUT hangs until the end.
  const control = emulatorControl(stack.emulator);
  const held = apps[1]!;
  const rule = await control.addFault({ host: "devops", method: "PUT", path: `serviceendpoint/endpoints/${held.endpointId}`, hang: true });
  const running = (await api.start(held.id)).body.rotation.id;
  await waitFor("the held PUT", async () => ((await control.faultHits(rule)) > 0 ? true : undefined));

  const session = await signInOverHttp(stack.appUrl, "contoso-admin");
  const bearer = { authorization: `Bearer ${key}` };
  const routes: Omit<Target, "connections">[] = [
    { name: "GET /api/health", method: "GET", path: "/api/health" },
    { name: "GET /api/v1/rotations/{id}", method: "GET", path: `/api/v1/rotations/${done[0]}`, headers: bearer },
    { name: "POST /api/v1/applications/{id}/rotations (running)", method: "POST", path: `/api/v1/applications/${held.id}/rotations`, headers: bearer },
    { name: "POST /api/v1/rotations/due (nothing due)", method: "POST", path: "/api/v1/rotations/due", headers: bearer },
    { name: "GET /applications (admin session)", method: "GET", path: "/applications", headers: { cookie: session } },
    { name: "GET /audit (admin session)", method: "GET", path: "/audit", headers: { cookie: session } },
  ];
  const results: TargetResult[] = [];
  for (const route of routes) {
    await runLoad(stack.appUrl, [{ ...route, connections: CONNECTIONS }], { durationSeconds: WARM_UP_SECONDS });
    const cpuBefore = groupCpuMs(stack.app.pid);
    const [result] = await runLoad(stack.appUrl, [{ ...route, connections: CONNECTIONS }], { durationSeconds: SECONDS });
    results.push({ ...result!, cpuMsPerRequest: (groupCpuMs(stack.app.pid) - cpuBefore) / Math.max(1, result!.requests) });
  }
  const runningAfter = journal.rotation(running)!.state;

  await control.clearFaults(); // lets the held PUT through: that rotation finishes
  await finished(running);
  const unexpected = results.filter((r) => Object.keys(r.statuses).some((s) => Number(s) >= 300) || r.errors > 0);
  failed = unexpected.length > 0 || FINISHED.includes(runningAfter);
  report(
    "Scheduler API and pages under load (Rotor's own overhead)",
    [
      `next start (${process.env.ROTOR_NEXT_DIST_DIR || ".next"}), emulator at zero latency; ${CONNECTIONS} connections per route, ${SECONDS} s each after ${WARM_UP_SECONDS} s of warm-up`,
      loadTable(results),
      unexpected.length ? `UNEXPECTED answers on: ${unexpected.map((r) => r.name).join(", ")}` : "every answer 2xx",
    ],
    { connections: CONNECTIONS, seconds: SECONDS, distDir: process.env.ROTOR_NEXT_DIST_DIR || ".next", results },
  );
  journal.close();
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
