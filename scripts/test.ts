import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { postgresAvailable } from "../tests/support/postgres";
import { buildIfNeeded } from "./build-if-needed";
import { ensureChromium } from "./ensure-chromium";

/**
 * `npm test`: every test. The type check, vitest (units, and integration through the real
 * clients against the emulator over HTTP), a production build, then Playwright in Debian's
 * Chromium against the embedded stack, the database-touching integration files again on
 * PostgreSQL where a server answers, and process tests against the real `next start` (killed
 * mid-rotation and restarted; under load when ROTOR_LOAD_TEST=1). Stops at the first stage that fails.
 */
// Outside test-results/, which Playwright empties when it starts.
const REPORTS = ".data/reports";
const node = process.execPath;
process.env.NEXT_TELEMETRY_DISABLED = "1";
mkdirSync(REPORTS, { recursive: true });

function run(stage: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${stage}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${stage} failed.`);
    process.exit(result.status ?? 1);
  }
}

run("Type check (tsc)", node, ["node_modules/typescript/bin/tsc", "--noEmit"]);
run("Unit and integration tests (vitest)", node, [
  "node_modules/vitest/vitest.mjs",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${REPORTS}/vitest.json`,
]);
// The database-touching integration files again on PostgreSQL (vitest.pg.config.ts). A machine
// without a server skips them and says so; CI (ROTOR_REQUIRE_POSTGRES=1) fails instead.
const onPostgres = await postgresAvailable();
if (onPostgres) {
  run("Integration tests on PostgreSQL (vitest)", node, [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--config",
    "vitest.pg.config.ts",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${REPORTS}/vitest-pg.json`,
  ]);
}
console.log("\n▶ Production build");
buildIfNeeded(process.env.CI === "true");
run("Process tests (real next start: kill mid-rotation, load)", node, [
  "node_modules/vitest/vitest.mjs",
  "run",
  "--config",
  "vitest.process.config.ts",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${REPORTS}/vitest-process.json`,
]);
ensureChromium();
run("Browser tests (Playwright, Debian Chromium)", node, ["node_modules/@playwright/test/cli.js", "test"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: `${REPORTS}/playwright.json`,
});

type VitestReport = { numPassedTests: number; numFailedTests: number };
const vitest = JSON.parse(readFileSync(`${REPORTS}/vitest.json`, "utf8")) as VitestReport;
const processTests = JSON.parse(readFileSync(`${REPORTS}/vitest-process.json`, "utf8")) as VitestReport;
const playwright = JSON.parse(readFileSync(`${REPORTS}/playwright.json`, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number } };
const pgTests: VitestReport = onPostgres ? JSON.parse(readFileSync(`${REPORTS}/vitest-pg.json`, "utf8")) : { numPassedTests: 0, numFailedTests: 0 };
const passed = vitest.numPassedTests + pgTests.numPassedTests + processTests.numPassedTests + playwright.stats.expected + playwright.stats.flaky;
const failed = vitest.numFailedTests + pgTests.numFailedTests + processTests.numFailedTests + playwright.stats.unexpected;
console.log(`\nvitest ${vitest.numPassedTests} passed; on PostgreSQL ${onPostgres ? `${pgTests.numPassedTests} passed` : "SKIPPED (no server; set ROTOR_TEST_DATABASE_URL)"}; process tests ${processTests.numPassedTests} passed; Playwright ${playwright.stats.expected} passed`);
console.log(`${passed} passed, ${failed} failed`);
