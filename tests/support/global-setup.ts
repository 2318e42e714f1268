import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmulator } from "../../emulator/server";

declare module "vitest" {
  export interface ProvidedContext {
    emulator: { http: string; https: string; dataDir: string; smtpPort: number };
  }
}

/**
 * One emulator for the whole unit/integration run, on free loopback ports, in a throw-away data
 * folder. Its certificate is trusted by the forked test workers through NODE_EXTRA_CA_CERTS.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "rotor-test-"));
  const emulator = await startEmulator({ dataDir, httpPort: 0, httpsPort: 0 });
  process.env.NODE_EXTRA_CA_CERTS = emulator.certPath;
  project.provide("emulator", { http: emulator.urls.http, https: emulator.urls.https, dataDir, smtpPort: emulator.urls.smtp.port });
  return async () => {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
