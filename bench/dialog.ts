import { addLatency, benchEmulator, median, report, timed } from "./support";

/**
 * How long each step of the binding dialog takes with a fixed latency on every emulator call,
 * against the floor set by the calls that must run one after another:
 *   open → organizations       profile → accounts                     (2; +1 token refresh when cold)
 *   organization → projects    projects, one call per page (1; fetch, to read the continuation header)
 *   project → check + list     permissions → [OPTIONS serviceendpoint →] endpoints        (3 cold, 2 warm)
 * Cold: the first time for a user and organization (token and location look-ups not cached yet).
 */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

const emulator = await benchEmulator();
const { signIn } = await import("./sign-in");
const { listOrganizations } = await import("@/lib/azure/devops/organizations");
const { listProjects } = await import("@/lib/azure/devops/projects");
const { canAdministerServiceConnections } = await import("@/lib/azure/devops/permissions");
const { listServiceConnections } = await import("@/lib/azure/devops/service-connections");
const { userCredential } = await import("@/lib/azure/devops/credential");
const { APPS } = await import("../emulator/seed");
const appId = APPS.find((a) => a.key === "payments-api")!.appId;

await addLatency(emulator, LATENCY_MS);
const steps = { organizations: { cold: [] as number[], warm: [] as number[] }, projects: { cold: [] as number[], warm: [] as number[] }, check: { cold: [] as number[], warm: [] as number[] } };

for (let round = 0; round < ROUNDS; round++) {
  // A new sign-in each round, so "cold" really starts without cached tokens or clients.
  const user = await signIn(emulator, "contoso-owner");
  const credential = userCredential(user);
  for (const phase of ["cold", "warm"] as const) {
    const orgs = await timed(() => listOrganizations(user, { includeHomeTenant: false }));
    steps.organizations[phase].push(orgs.ms);
    const projects = await timed(() => listProjects(credential, "contoso-platform"));
    steps.projects[phase].push(projects.ms);
    const payments = projects.value.find((p) => p.name === "payments")!;
    const check = await timed(async () => {
      if (!(await canAdministerServiceConnections(credential, "contoso-platform", payments.id))) throw new Error("no right");
      return listServiceConnections(credential, { organization: "contoso-platform", project: payments.id, appId });
    });
    steps.check[phase].push(check.ms);
  }
}

const floors = { organizations: { cold: 3, warm: 2 }, projects: { cold: 1, warm: 1 }, check: { cold: 3, warm: 2 } };
const rows = (Object.keys(steps) as (keyof typeof steps)[]).flatMap((step) =>
  (["cold", "warm"] as const).map((phase) => {
    const ms = median(steps[step][phase]);
    const floor = floors[step][phase] * LATENCY_MS;
    return { step, phase, medianMs: Math.round(ms), floorMs: floor, sequentialCalls: floors[step][phase], ratio: Number((ms / floor).toFixed(2)) };
  }),
);
report(
  `Binding dialog steps (${LATENCY_MS} ms per emulator call, ${ROUNDS} rounds)`,
  rows.map((r) => `${`${r.step} (${r.phase})`.padEnd(24)} median ${String(r.medianMs).padStart(5)} ms   floor ${String(r.floorMs).padStart(4)} ms (${r.sequentialCalls} calls)   ratio ${r.ratio}`),
  { latencyMs: LATENCY_MS, rounds: ROUNDS, rows },
);
await emulator.close();
process.exit(0);
