import { spawnSync } from "node:child_process";
import { buildIfNeeded } from "./build-if-needed";
import { ensureChromium } from "./ensure-chromium";

/**
 * `npm test`: every test. The type check, vitest (units, and integration through the real clients against the
 * emulator over HTTP), then a production build, then Playwright in Debian's Chromium against the
 * embedded stack. Stops at the first stage that fails.
 */
function run(stage: string, command: string, args: string[]) {
  console.log(`\n▶ ${stage}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n✖ ${stage} failed.`);
    process.exit(result.status ?? 1);
  }
}

const node = process.execPath;
process.env.NEXT_TELEMETRY_DISABLED = "1";
run("Type check (tsc)", node, ["node_modules/typescript/bin/tsc", "--noEmit"]);
run("Unit and integration tests (vitest)", node, ["node_modules/vitest/vitest.mjs", "run"]);
console.log("\n▶ Production build");
buildIfNeeded(process.env.CI === "true");
ensureChromium();
run("Browser tests (Playwright, Debian Chromium)", node, ["node_modules/@playwright/test/cli.js", "test"]);
console.log("\n✔ All tests passed.");
