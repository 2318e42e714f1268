import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import { EMBEDDED_BOOTSTRAP_ADMINS } from "../emulator/seed";

export type StackOptions = {
  dataDir: string;
  appPort: number;
  emulatorHttpPort: number;
  emulatorHttpsPort: number;
  /** Wipe the data folder first (tests start from the seed). */
  fresh?: boolean;
  /** Echo the app's log lines to this process's output too. */
  echo?: boolean;
};

export type RunningStack = {
  appUrl: string;
  emulator: RunningEmulator;
  app: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
};

/**
 * Starts the embedded default: the Azure emulator in this process and `next start` as a child
 * in its own process group, trusting the emulator's certificate. Used by `npm run demo` and by
 * Playwright, so both run the same system.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dataDir = resolve(options.dataDir);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(join(dataDir, "logs"), { recursive: true });
  const emulator = await startEmulator({ dataDir, httpPort: options.emulatorHttpPort, httpsPort: options.emulatorHttpsPort });
  const appUrl = `http://localhost:${options.appPort}`;
  const logFile = join(dataDir, "logs", "app.log");
  const log = createWriteStream(logFile, { flags: "a" });

  const app = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "start", "-p", String(options.appPort)], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ROTOR_PROFILE: "embedded",
      ROTOR_DATA_DIR: dataDir,
      AUTH_URL: appUrl,
      ROTOR_EMULATOR_HTTP_PORT: String(options.emulatorHttpPort),
      ROTOR_EMULATOR_HTTPS_PORT: String(options.emulatorHttpsPort),
      ROTOR_BOOTSTRAP_ADMINS: process.env.ROTOR_BOOTSTRAP_ADMINS ?? EMBEDDED_BOOTSTRAP_ADMINS.join(","),
      NODE_EXTRA_CA_CERTS: emulator.certPath,
    },
  });
  for (const stream of [app.stdout!, app.stderr!]) {
    stream.pipe(log, { end: false });
    if (options.echo) stream.pipe(process.stdout, { end: false });
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (app.exitCode === null && app.pid) {
      const exited = new Promise((done) => app.once("exit", done));
      try {
        process.kill(-app.pid, "SIGTERM"); // the group: `next start` leaves next-server holding the port otherwise
      } catch {}
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
    }
    await emulator.close();
    log.end();
  };

  const exitedEarly = new Promise<never>((_, reject) =>
    app.once("exit", (code) => {
      if (!stopped) reject(new Error(`The app exited with code ${code} before it was ready; see ${logFile}.`));
    }),
  );
  try {
    await Promise.race([waitForHealth(`${appUrl}/api/health`), exitedEarly]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl, emulator, app, logFile, stop };
}

async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`Rotor did not report healthy at ${url} within ${timeoutMs / 1000}s (last: ${last}).`);
}
