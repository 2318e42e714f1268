import { expect } from "vitest";
import { emulator } from "./emulator";
import { addFault, mark, removeFault, requestsSince } from "./rotor";

export type Call = { method: string; path: string; status: number };

/** The kinds of fault put on one call: a server fault, throttling with Retry-After, and a hang past Rotor's timeout. */
export const FAULTS = {
  "5xx": { status: 503 },
  "429": { status: 429, retryAfterSeconds: 0 },
  hang: { hang: true },
} as const;
export type FaultKind = keyof typeof FAULTS;

/** The emulated service a path belongs to (as emulator/faults/rules.ts hostOf). */
function hostOf(path: string): string {
  const first = path.split("/")[1] ?? "";
  return ({ graph: "graph", devops: "devops", vssps: "vssps", app: "accounts" } as Record<string, string>)[first] ?? "login";
}

const exactly = (path: string) => `/^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$/`;

/** A rule that faults exactly the `index`th call of `sequence`: its method and path, counted among the same calls. */
export function ruleFor(sequence: Call[], index: number, kind: FaultKind) {
  const target = sequence[index]!;
  const nth = sequence.slice(0, index + 1).filter((c) => c.method === target.method && c.path === target.path).length;
  return { host: hostOf(target.path), method: target.method, path: exactly(target.path), nth, ...FAULTS[kind] };
}

async function hitsOf(id: string): Promise<number> {
  const listed = (await (await fetch(`${emulator().http}/_emulator/faults`)).json()) as { value: { id: string; hits: number }[] };
  return listed.value.find((r) => r.id === id)?.hits ?? 0;
}

/** Runs `flow` once and returns what it gave and the calls it made. */
export async function record<T>(flow: () => Promise<T>): Promise<{ outcome: Settled<T>; calls: Call[] }> {
  const since = await mark();
  const outcome = await settle(flow);
  return { outcome, calls: await requestsSince(since) };
}

/** Runs `flow` with one fault on one call; checks the fault was really injected. */
export async function withFaultOn<T>(sequence: Call[], index: number, kind: FaultKind, flow: () => Promise<T>) {
  const id = await addFault(ruleFor(sequence, index, kind));
  try {
    const result = await record(flow);
    expect(await hitsOf(id), `the ${kind} fault on call ${index} (${sequence[index]!.method} ${sequence[index]!.path}) was injected`).toBe(1);
    return result;
  } finally {
    await removeFault(id);
  }
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
export const settle = <T>(run: () => Promise<T>): Promise<Settled<T>> =>
  run().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/**
 * Retries stay bounded: the faulted call is repeated at most a few times (Rotor's 4 attempts, or
 * @azure/identity's 3 retries), and the flow as a whole makes at most its own calls twice over
 * (a rolled-back rotation re-reads the application and removes its secret).
 */
export function expectBoundedRetries(baseline: Call[], faulted: Call[], index: number) {
  const target = baseline[index]!;
  const same = (calls: Call[]) => calls.filter((c) => c.method === target.method && c.path === target.path).length;
  expect(same(faulted), `retries of ${target.method} ${target.path}`).toBeLessThanOrEqual(same(baseline) + 4);
  expect(faulted.length, "calls in all").toBeLessThanOrEqual(2 * baseline.length + 4);
}

/** Per-flow tally: faults injected, and how many the flow survived (every check passed). */
export class Tally {
  readonly flows = new Map<string, { injected: number; survived: number }>();
  readonly problems: string[] = [];

  async attempt(flow: string, what: string, check: () => Promise<void>): Promise<void> {
    const row = this.flows.get(flow) ?? { injected: 0, survived: 0 };
    this.flows.set(flow, row);
    row.injected++;
    try {
      await check();
      row.survived++;
    } catch (error) {
      this.problems.push(`${flow} / ${what}: ${(error as Error).message.split("\n")[0]}`);
    }
  }

  print(): void {
    const rows = [...this.flows.values()];
    const total = rows.reduce((sum, r) => ({ injected: sum.injected + r.injected, survived: sum.survived + r.survived }), { injected: 0, survived: 0 });
    for (const [flow, r] of this.flows) console.log(`  ${flow}: faults injected: ${r.injected}, survived: ${r.survived}`);
    console.log(`faults injected: ${total.injected}, survived: ${total.survived}`);
  }
}
