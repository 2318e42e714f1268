import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["app", "components", "lib", "db", "emulator", "auth.ts", "auth.config.ts", "proxy.ts", "next.config.mjs", "package-lock.json", "postcss.config.mjs"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Runs `next build` unless .next (or ROTOR_NEXT_DIST_DIR) already holds a build newer than every source file. */
export function buildIfNeeded(force = false): void {
  const buildId = join(process.env.ROTOR_NEXT_DIST_DIR || ".next", "BUILD_ID");
  const fresh = existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...SOURCES.map(newestMtime));
  if (fresh && !force) return;
  console.log("Building Rotor (next build)…");
  // next build adds a custom distDir's types to tsconfig.json; a side build must not edit it.
  const tsconfig = readFileSync("tsconfig.json", "utf8");
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
  if (result.status !== 0) throw new Error("next build failed; see the output above.");
}
