import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Starts the built app with the given settings and collects what it prints until it exits. */
function startApp(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", "3190"], {
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ROTOR_DATA_DIR: mkdtempSync(join(tmpdir(), "rotor-start-")), ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test.describe("start-up with bad configuration", () => {
  test("a missing encryption key outside the embedded default stops start-up, naming the setting", async () => {
    const { code, output } = await startApp({ ROTOR_PROFILE: "azure", AUTH_SECRET: "x".repeat(40) });
    expect(code).toBe(1);
    expect(output).toContain("Rotor cannot start: ROTOR_ENCRYPTION_KEY is not set; it is required when ROTOR_PROFILE=azure.");
  });

  test("a malformed encryption key stops start-up without echoing it", async () => {
    const { code, output } = await startApp({ ROTOR_PROFILE: "azure", ROTOR_ENCRYPTION_KEY: "hunter2-not-a-key" });
    expect(code).toBe(1);
    expect(output).toContain("ROTOR_ENCRYPTION_KEY must");
    expect(output).not.toContain("hunter2");
  });
});
