import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureTls } from "../emulator/tls";

/**
 * `npm run bench`: each benchmark runs in a child Node process that trusts the emulator's
 * certificate (NODE_EXTRA_CA_CERTS is read only at start-up) and resolves `server-only` as the
 * server does. Results are printed and written to bench-results/. `npm run bench -- api-load` runs
 * one of them; api-load starts the real `next start` from the existing build (ROTOR_NEXT_DIST_DIR).
 */
const dataDir = mkdtempSync(join(tmpdir(), "rotor-bench-"));
const { certPath } = await ensureTls(dataDir);
const only = process.argv[2];
const benches = ["dialog", "rotate-due", "discovery", "api-load", "applications-page"].filter((name) => !only || name === only);

for (const name of benches) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", `bench/${name}.ts`], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, ROTOR_BENCH_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
