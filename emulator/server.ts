import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { emulatorUrls } from "../lib/embedded-defaults";
import { ensureEmbeddedSecrets } from "../lib/embedded-secrets";
import { entraRoutes } from "./entra/routes";
import { graphRoutes } from "./graph/routes";
import { inspectRoutes } from "./inspect";
import { EmulatorState } from "./state";
import { ensureTls } from "./tls";

export type EmulatorOptions = { dataDir: string; httpPort: number; httpsPort: number };

export type RunningEmulator = {
  state: EmulatorState;
  urls: ReturnType<typeof emulatorUrls>;
  certPath: string;
  close(): Promise<void>;
};

export function createEmulatorApp(state: EmulatorState) {
  const app = new Hono();
  app.route("/_emulator", inspectRoutes(state));
  app.route("/graph", graphRoutes(state));
  app.route("/", entraRoutes(state));
  app.notFound((c) => c.json({ message: `The emulator has no route for ${c.req.method} ${new URL(c.req.url).pathname}.`, typeKey: "NotFoundException" }, 404));
  app.onError((error, c) => {
    console.error("[emulator]", error);
    return c.json({ message: "The emulator failed to answer.", typeKey: "InternalServerErrorException" }, 500);
  });
  return app;
}

/** Starts the Azure emulator on loopback: plain http for the browser, https for the API clients. */
export async function startEmulator({ dataDir, httpPort, httpsPort }: EmulatorOptions): Promise<RunningEmulator> {
  const secrets = ensureEmbeddedSecrets(dataDir);
  const tls = await ensureTls(dataDir);
  const state = await EmulatorState.create({ rotorClientSecret: secrets.rotorClientSecret });
  const app = createEmulatorApp(state);

  const listen = (options: Parameters<typeof serve>[0]) =>
    new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const server = serve(options, () => resolve(server));
      server.once("error", reject);
    });
  const http = await listen({ fetch: app.fetch, port: httpPort, hostname: "127.0.0.1" });
  const https = await listen({
    fetch: app.fetch,
    port: httpsPort,
    hostname: "127.0.0.1",
    createServer: createHttpsServer,
    serverOptions: { key: tls.key, cert: tls.cert },
  });
  const ports = [(http.address() as AddressInfo).port, (https.address() as AddressInfo).port] as const;
  state.browserOrigin = `http://localhost:${ports[0]}`;
  return {
    state,
    urls: emulatorUrls(ports[0], ports[1]),
    certPath: tls.certPath,
    close: async () => {
      await Promise.all([http, https].map((s) => new Promise<void>((done) => s.close(() => done()))));
    },
  };
}
