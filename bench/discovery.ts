import { addLatency, benchEmulator, median, report, timed } from "./support";

/**
 * The discovery scan of one organization of 1,200 projects (issue 11) with the tenant's service
 * principal, a fixed latency on every emulator call, and the scan's own concurrency. The calls it
 * must make: the pages of projects (PROJECT_PAGE_SIZE each, one after another, each needing the previous one's
 * continuation token) and one endpoints call per project, at most DISCOVERY_CONCURRENCY at once;
 * endpoints calls start as soon as a page arrives, so the floor is
 *   latency × (1 first page + max(pages − 1 further pages, ceil(projects / concurrency) waves)).
 * The token and the client's location look-up (OPTIONS serviceendpoint) are warmed up first.
 */
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 1200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const emulator = await benchEmulator();
const control = emulator.urls.http;
const { discoverConsumers, DISCOVERY_CONCURRENCY } = await import("@/lib/azure/devops/discovery");
const { PROJECT_PAGE_SIZE } = await import("@/lib/azure/devops/projects");
const { servicePrincipalCredential } = await import("@/lib/azure/devops/credential");
const { armConnection, createConnection } = await import("../tests/support/connections");
const { APPS, TENANTS } = await import("../emulator/seed");
const tenantId = TENANTS.contoso.id;
const appId = APPS.find((a) => a.key === "ledger-sync")!.appId;

const org = (await (
  await fetch(`${control}/_emulator/bulk/organizations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tenant: "contoso", projects: PROJECTS }) })
).json()) as { name: string; projects: { id: string; name: string }[] };

// Ten consumers spread over the organization, one of them shared into two projects.
for (let i = 0; i < 10; i++) {
  const projects = [org.projects[(i * 97) % PROJECTS]!, ...(i === 0 ? [org.projects[PROJECTS - 1]!] : [])];
  await createConnection(`${emulator.urls.https}/devops`, { tenantId, organization: org.name, body: armConnection(`ledger-${i}`, { tenantId, appId }), projects });
}

const credential = servicePrincipalCredential(tenantId);
const scan = () => discoverConsumers(credential, { organizations: [org.name], appIds: [appId] });
// Warm-up: the token and the client's location look-ups, at zero latency.
await discoverConsumers(credential, { organizations: ["contoso-data"], appIds: [appId] });
await scan();

await addLatency(emulator, LATENCY_MS);
const seq = async () => ((await (await fetch(`${control}/_emulator/requests`)).json()) as { seq: number }).seq;
const times: number[] = [];
let calls = 0;
let consumers = 0;
for (let round = 0; round < ROUNDS; round++) {
  const before = await seq();
  const run = await timed(scan);
  calls = (await seq()) - before;
  const [result] = run.value;
  if (!result?.complete || result.unreadable.length || result.projects !== PROJECTS) throw new Error(`scan incomplete: ${JSON.stringify({ ...result, consumers: undefined })}`);
  consumers = result.consumers.length;
  times.push(run.ms);
}

const pages = Math.ceil(PROJECTS / PROJECT_PAGE_SIZE);
const waves = Math.ceil(PROJECTS / DISCOVERY_CONCURRENCY);
const floorMs = LATENCY_MS * (1 + Math.max(pages - 1, waves));
const medianMs = median(times);
const row = {
  projects: PROJECTS,
  pages,
  requiredCalls: pages + PROJECTS,
  callsMade: calls,
  concurrency: DISCOVERY_CONCURRENCY,
  latencyMs: LATENCY_MS,
  consumers,
  medianMs: Math.round(medianMs),
  floorMs,
  ratio: Number((medianMs / floorMs).toFixed(2)),
  sequentialMs: (pages + PROJECTS) * LATENCY_MS,
};
report(
  `Discovery scan of ${PROJECTS} projects (${LATENCY_MS} ms per emulator call, concurrency ${DISCOVERY_CONCURRENCY}, ${ROUNDS} rounds)`,
  [
    `calls made ${row.callsMade} (required: ${pages} pages + ${PROJECTS} endpoints lists = ${row.requiredCalls}); consumers found ${consumers}`,
    `median ${row.medianMs} ms   floor ${floorMs} ms (1 + max(${pages - 1} pages, ${waves} waves) × ${LATENCY_MS} ms)   ratio ${row.ratio}   (one call at a time: ${row.sequentialMs} ms)`,
  ],
  row,
);
await emulator.close();
process.exit(0);
