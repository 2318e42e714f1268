import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Playwright drives Debian's Chromium, never a browser it downloads. On a fresh machine of this
 * kind (root, apt) it is installed on first use; elsewhere the message says what to install.
 */
export function ensureChromium(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return path;
  const canApt = process.getuid?.() === 0 && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!canApt) {
    throw new Error(`Chromium was not found at ${path}. Install Debian's "chromium" package (or set CHROMIUM_PATH), then run the tests again.`);
  }
  console.log("Installing Debian's chromium for the browser tests (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core"], { stdio: "inherit", env });
  if (!existsSync(path)) throw new Error(`apt-get installed chromium, but ${path} is still missing.`);
  return path;
}
