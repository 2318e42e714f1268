import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator/server";

/** Starts the emulator on free ports and points Rotor's modules at it, with a database of the bench's own. */
export async function benchEmulator(): Promise<RunningEmulator> {
  const dataDir = process.env.ROTOR_BENCH_DATA_DIR!;
  const emulator = await startEmulator({ dataDir, httpPort: 0, httpsPort: 0 });
  process.env.ROTOR_PROFILE = "embedded";
  process.env.ROTOR_DATA_DIR = dataDir;
  process.env.ROTOR_DATABASE_FILE = join(dataDir, "bench.db");
  process.env.ROTOR_EMULATOR_HTTP_PORT = new URL(emulator.urls.http).port;
  process.env.ROTOR_EMULATOR_HTTPS_PORT = new URL(emulator.urls.https).port;
  return emulator;
}

export async function addLatency(emulator: RunningEmulator, latencyMs: number): Promise<void> {
  await fetch(`${emulator.urls.http}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ latencyMs }) });
}

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function report(name: string, lines: string[], data: unknown): void {
  console.log(`\n${name}\n${"-".repeat(name.length)}\n${lines.join("\n")}`);
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(join("bench-results", `${name.toLowerCase().replace(/\W+/g, "-")}.json`), JSON.stringify(data, null, 2));
}
