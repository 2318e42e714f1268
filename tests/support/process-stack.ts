import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { freePort, startApp, type RunningApp } from "../../scripts/stack";

/**
 * The real system for process tests and the API bench: the emulator in this process and
 * `next start` (the existing build; ROTOR_NEXT_DIST_DIR picks another) as a child in its own
 * process group, on free ports, over a fresh data folder. The built-in scheduler is off unless
 * `appEnv` sets ROTOR_SCHEDULER_INTERVAL_SECONDS: a test's own rotations must not race a background run. The app can be killed and started again
 * on the same data while the emulator — and the secrets it holds — carries on.
 */
export type ProcessStack = {
  dataDir: string;
  dbFile: string;
  appUrl: string;
  emulator: RunningEmulator;
  /** The running app; replaced by restart(). */
  app: RunningApp;
  /** SIGKILLs the app's whole process group (no chance to clean up), and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts `next start` again on the same data folder and port. */
  restart(): Promise<RunningApp>;
  stop(): Promise<void>;
};

export async function startProcessStack({ echo = false, logLevel = "warn", appEnv = {} }: { echo?: boolean; logLevel?: string; appEnv?: Record<string, string> } = {}): Promise<ProcessStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "rotor-process-"));
  const emulator = await startEmulator({ dataDir, httpPort: 0, httpsPort: 0 });
  const appPort = await freePort();
  const launch = () => startApp({ dataDir, appPort, emulator, echo, env: { LOG_LEVEL: logLevel, ROTOR_SCHEDULER_INTERVAL_SECONDS: "0", ...appEnv } });
  let app: RunningApp;
  try {
    app = await launch();
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const stack: ProcessStack = {
    dataDir,
    dbFile: join(dataDir, "rotor.db"),
    appUrl: app.appUrl,
    emulator,
    app,
    async kill() {
      await stack.app.stop("SIGKILL");
    },
    async restart() {
      stack.app = await launch();
      return stack.app;
    },
    async stop() {
      await stack.app.stop();
      await emulator.close();
      if (!process.env.ROTOR_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Emulator control (fault rules, settings) and inspection, over its plain-http listener. */
export function emulatorControl(emulator: RunningEmulator) {
  const base = `${emulator.urls.http}/_emulator`;
  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return {
    async addFault(rule: Record<string, unknown>): Promise<string> {
      const res = await post("/faults", rule);
      if (res.status !== 201) throw new Error(`fault rule refused: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    },
    /** How many calls the rule has held or failed so far. */
    async faultHits(id: string): Promise<number> {
      const { value } = (await (await fetch(`${base}/faults`)).json()) as { value: { id: string; hits: number }[] };
      return value.find((r) => r.id === id)?.hits ?? 0;
    },
    /** Drops every rule one by one: unlike clearFaults, a call a rule holds stays held until its client goes away. */
    async removeFaults(): Promise<void> {
      const { value } = (await (await fetch(`${base}/faults`)).json()) as { value: { id: string }[] };
      for (const rule of value) await fetch(`${base}/faults/${rule.id}`, { method: "DELETE" });
    },
    async clearFaults(): Promise<void> {
      await fetch(`${base}/faults`, { method: "DELETE" });
    },
    async settings(settings: { propagationDelayMs?: number }): Promise<void> {
      await post("/settings", settings);
    },
    async credentialStatus(endpointId: string): Promise<{ valid: boolean; keyId: string | null }> {
      return (await (await fetch(`${base}/service-connections/${endpointId}/credential-status`)).json()) as { valid: boolean; keyId: string | null };
    },
    /** The application's secrets as Graph holds them (never their text); `state` is live, pending, expired or removed. */
    async secrets(appId: string): Promise<{ keyId: string; displayName: string | null; state: string }[]> {
      return ((await (await fetch(`${base}/applications/${appId}/secrets`)).json()) as { value: { keyId: string; displayName: string | null; state: string }[] }).value;
    },
  };
}

/** Resident memory of every process in a process group, in MiB (Linux /proc). */
export function groupRssMiB(pgid: number): number {
  return groupProcesses(pgid).reduce((kib, p) => kib + Number(/VmRSS:\s+(\d+) kB/.exec(readOr(`/proc/${p.pid}/status`))?.[1] ?? 0), 0) / 1024;
}

/** CPU time (user + system) the processes of a group have used so far, in ms: a cost measure that other load on the machine barely skews. */
export function groupCpuMs(pgid: number): number {
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms on Linux.
  return groupProcesses(pgid).reduce((ms, p) => ms + (Number(p.fields[11]) + Number(p.fields[12])) * 10, 0);
}

function groupProcesses(pgid: number): { pid: string; fields: string[] }[] {
  const found = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = readOr(`/proc/${pid}/stat`);
    // Fields after the command name: state, ppid, pgrp, …
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) found.push({ pid, fields });
  }
  return found;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return ""; // the process ended between the listing and the read
  }
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(everyMs);
  }
}
