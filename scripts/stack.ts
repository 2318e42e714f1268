import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
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
  /** Extra environment for the app. */
  env?: Record<string, string>;
};

export type RunningStack = {
  appUrl: string;
  emulator: RunningEmulator;
  app: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
};

export type AppOptions = {
  dataDir: string;
  appPort: number;
  emulator: RunningEmulator;
  echo?: boolean;
  /** Extra environment for the app (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
};

export type RunningApp = {
  appUrl: string;
  app: ChildProcess;
  /** The process group `next start` and its children run in. */
  pid: number;
  logFile: string;
  /** SIGTERM to the group (SIGKILL when asked), and wait until `next start` has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/**
 * Starts the embedded default: the Azure emulator in this process and `next start` as a child
 * in its own process group, trusting the emulator's certificate. Used by `npm run demo` and by
 * Playwright, so both run the same system.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dataDir = resolve(options.dataDir);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(join(dataDir, "logs"), { recursive: true, mode: 0o700 });
  const emulator = await startEmulator({ dataDir, httpPort: options.emulatorHttpPort, httpsPort: options.emulatorHttpsPort });
  let app: RunningApp;
  try {
    app = await startApp({ dataDir, appPort: options.appPort, emulator, echo: options.echo, env: options.env });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
    await emulator.close();
  };
  return { appUrl: app.appUrl, emulator, app: app.app, logFile: app.logFile, stop };
}

/**
 * `next start` (from the build in ROTOR_NEXT_DIST_DIR, else .next) on `dataDir`, pointed at a
 * running emulator; resolves once /api/health answers. Separate from the emulator so a test can
 * kill and restart the app while the emulator (and what it holds) carries on.
 */
export async function startApp({ dataDir, appPort, emulator, echo, env = {} }: AppOptions): Promise<RunningApp> {
  dataDir = resolve(dataDir);
  mkdirSync(join(dataDir, "logs"), { recursive: true, mode: 0o700 });
  const appUrl = `http://localhost:${appPort}`;
  const logFile = join(dataDir, "logs", "app.log");
  const log = createWriteStream(logFile, { flags: "a" });
  const urls = emulator.urls;

  const app = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "start", "-p", String(appPort)], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ROTOR_PROFILE: "embedded",
      ROTOR_DATA_DIR: dataDir,
      AUTH_URL: appUrl,
      ROTOR_EMULATOR_HTTP_PORT: new URL(urls.http).port,
      ROTOR_EMULATOR_HTTPS_PORT: new URL(urls.https).port,
      ROTOR_BOOTSTRAP_ADMINS: process.env.ROTOR_BOOTSTRAP_ADMINS ?? EMBEDDED_BOOTSTRAP_ADMINS.join(","),
      NODE_EXTRA_CA_CERTS: emulator.certPath,
      ...env,
    },
  });
  for (const stream of [app.stdout!, app.stderr!]) {
    stream.pipe(log, { end: false });
    if (echo) stream.pipe(process.stdout, { end: false });
  }
  const exited = new Promise<void>((done) => app.once("exit", () => done()));

  let stopping = false;
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    stopping = true;
    if (app.exitCode === null && app.signalCode === null && app.pid) {
      try {
        process.kill(-app.pid, signal); // the group: `next start` leaves next-server holding the port otherwise
      } catch {}
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
    }
    log.end();
  };

  const exitedEarly = exited.then((): Promise<never> => {
    if (!stopping) throw new Error(`The app exited with code ${app.exitCode} before it was ready; see ${logFile}.`);
    return new Promise(() => {});
  });
  try {
    await Promise.race([waitForHealth(`${appUrl}/api/health`), exitedEarly]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl, app, pid: app.pid!, logFile, stop };
}

/** A TCP port nobody listens on right now (the kernel's choice), for a server that needs a number up front. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => server.once("error", fail).listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
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
