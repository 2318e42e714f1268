import { addLatency, benchEmulator, median, report, timed } from "./support";

/**
 * How long each step of the binding dialog takes with a fixed latency on every emulator call,
 * against its true floor — the calls that must run one after another:
 *   open → organizations       profile → accounts                 2
 *   organization → projects    projects                           1
 *   project → check + list     permissions → service connections  2
 * "cold": the first open for a person and organization; "repeat": opening it again within five
 * minutes (this application's dialog or another's), which must make no Azure call at all.
 * The person's delegated token is redeemed once an hour, before the first look-up; it is timed
 * on its own line (floor: 1 Entra ID call) rather than hidden inside the organizations step.
 */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ORGANIZATION = "contoso-platform";

const emulator = await benchEmulator();
const { signIn } = await import("./sign-in");
const { userDevopsToken } = await import("@/lib/azure/user-token");
const { dialogOrganizations, dialogProjects, dialogProjectCheck, clearDialogLookups } = await import("@/lib/azure/devops/dialog-lookups");
const { LOOKUP_TTL_MS } = await import("@/lib/azure/devops/lookup-cache");
const { APPS, TENANTS } = await import("../emulator/seed");
const { CONTOSO_REGISTRY_HOSTS } = await import("../emulator/seed-devops");
const appIds = ["payments-api", "container-builds"].map((key) => APPS.find((a) => a.key === key)!.appId);
const org = { organizationTenantId: TENANTS.contoso.id, organization: ORGANIZATION };

const seq = async () => ((await (await fetch(`${emulator.urls.http}/_emulator/requests`)).json()) as { seq: number }).seq;
/** Times one step and counts the calls the emulator answered meanwhile. */
async function step<T>(run: () => Promise<T>): Promise<{ ms: number; calls: number; value: T }> {
  const before = await seq();
  const { ms, value } = await timed(run);
  return { ms, calls: (await seq()) - before, value };
}

await addLatency(emulator, LATENCY_MS);
type Step = "token" | "organizations" | "projects" | "check";
const floors: Record<Step, number> = { token: 1, organizations: 2, projects: 1, check: 2 };
const samples = { cold: new Map<Step, { ms: number[]; calls: number[] }>(), repeat: new Map<Step, { ms: number[]; calls: number[] }>() };
const record = (phase: "cold" | "repeat", name: Step, s: { ms: number; calls: number }) => {
  const entry = samples[phase].get(name) ?? { ms: [], calls: [] };
  entry.ms.push(s.ms);
  entry.calls.push(s.calls);
  samples[phase].set(name, entry);
};

for (let round = 0; round < ROUNDS; round++) {
  // A new sign-in each round, with no cached token, client or answer: "cold" really is cold.
  const person = await signIn(emulator, "contoso-owner");
  clearDialogLookups();
  record("cold", "token", await step(() => userDevopsToken(person)));
  for (const [index, appId] of appIds.entries()) {
    // The first application's dialog is the cold open; the second one, opened right after, must ask nothing.
    const phase = index === 0 ? "cold" : "repeat";
    record(phase, "organizations", await step(() => dialogOrganizations(person, { includeHomeTenant: false })));
    const projects = await step(() => dialogProjects(person, org));
    record(phase, "projects", projects);
    const projectId = projects.value.find((p) => p.name === "payments")!.id;
    const check = await step(() => dialogProjectCheck(person, { ...org, projectId, appId, registryHosts: CONTOSO_REGISTRY_HOSTS, names: new Map() }));
    if (!check.value.canAdminister) throw new Error("contoso-owner should administer the payments project's connections");
    record(phase, "check", check);
  }
}

const rows = (["cold", "repeat"] as const).flatMap((phase) =>
  [...samples[phase].entries()].map(([name, s]) => {
    const ms = median(s.ms);
    const floorCalls = phase === "cold" ? floors[name] : 0;
    const floorMs = floorCalls * LATENCY_MS;
    return {
      step: name,
      phase,
      medianMs: Math.round(ms),
      floorMs,
      floorCalls,
      azureCalls: Math.max(...s.calls),
      // A repeat's floor is no call at all: its ratio is not defined, its calls must be 0.
      ratio: floorMs ? Number((ms / floorMs).toFixed(2)) : null,
    };
  }),
);
report(
  `Binding dialog steps (${LATENCY_MS} ms per emulator call, ${ROUNDS} rounds)`,
  rows.map(
    (r) =>
      `${`${r.step} (${r.phase})`.padEnd(24)} median ${String(r.medianMs).padStart(5)} ms   floor ${String(r.floorMs).padStart(4)} ms (${r.floorCalls} calls)   Azure calls ${r.azureCalls}   ${r.ratio === null ? "" : `ratio ${r.ratio}`}`,
  ),
  { latencyMs: LATENCY_MS, rounds: ROUNDS, organization: ORGANIZATION, cacheTtlMs: LOOKUP_TTL_MS, applications: appIds.length, rows },
);
await emulator.close();
process.exit(0);
