import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { emulatorUrls } from "../lib/embedded-defaults";
import { ensureEmbeddedSecrets } from "../lib/embedded-secrets";
import { appRoutes, devopsInspectRoutes, devopsRoutes, vsspsRoutes } from "./devops/routes";
import { DevopsState } from "./devops/state";
import { entraRoutes } from "./entra/routes";
import { FaultInjector } from "./faults/injector";
import { graphRoutes } from "./graph/routes";
import { GraphState } from "./graph/state";
import { bulkRoutes } from "./bulk";
import { inspectRoutes } from "./inspect";
import { RequestLog } from "./request-log";
import { MailSink } from "./sinks/mail-sink";
import { mailRoutes, webhookRoutes } from "./sinks/routes";
import { WebhookSink } from "./sinks/webhook-sink";
import { EmulatorState } from "./state";
import { ensureTls } from "./tls";

export type EmulatorOptions = {
  dataDir: string;
  httpPort: number;
  httpsPort: number;
  /** The SMTP sink's port (loopback); by default the http port + 15 (4025 beside 4010; any free port when the http port is 0). */
  smtpPort?: number;
  /**
   * Grant Rotor the optional User.ReadBasic.All permission. By default it follows Rotor's own setting
   * ROTOR_GRAPH_USER_READ_BASIC_ALL, as an admin who turned it on would also have consented to it.
   */
  userReadBasicAll?: boolean;
};

export type RunningEmulator = {
  state: EmulatorState;
  graph: GraphState;
  devops: DevopsState;
  mail: MailSink;
  webhooks: WebhookSink;
  urls: ReturnType<typeof emulatorUrls>;
  certPath: string;
  close(): Promise<void>;
};

/** `localhost` or `127.0.0.1`, with or without a port: the only names a page on the developer's machine reaches the emulator by, unless DNS rebinding. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1)(:\d{1,5})?$/i;

export function createEmulatorApp(
  state: EmulatorState,
  { graph, faults, devops, requests, mail, webhooks }: { graph: GraphState; faults: FaultInjector; devops: DevopsState; requests: RequestLog; mail: MailSink; webhooks: WebhookSink },
) {
  const app = new Hono();
  // `/_emulator/` hands out issued secrets and tokens: a page whose own host name resolves to
  // 127.0.0.1 (DNS rebinding) would send its own name as Host, and is refused.
  app.use("/_emulator/*", async (c, next) => {
    if (!LOOPBACK_HOST.test(c.req.header("host") ?? "")) {
      return c.json({ message: "The emulator's inspection routes answer only to Host localhost or 127.0.0.1.", typeKey: "ForbiddenHostException" }, 403);
    }
    await next();
  });
  app.use(requests.middleware);
  app.use(faults.middleware);
  app.route("/_emulator/requests", requests.routes());
  app.route("/_emulator", mailRoutes(mail));
  app.route("/_emulator", webhookRoutes(webhooks));
  app.route("/_emulator", inspectRoutes({ state, graph, faults, endpointCredential: (id) => devops.endpointCredential(id) }));
  app.route("/graph", graphRoutes(state, graph));
  app.route("/_emulator/devops", devopsInspectRoutes(state, devops));
  app.route("/_emulator/bulk", bulkRoutes(graph, devops));
  app.route("/devops", devopsRoutes(state, devops, (tenantId, appId, secret) => graph.acceptsClientSecret(tenantId, appId, secret)));
  app.route("/vssps", vsspsRoutes(state, devops));
  app.route("/app", appRoutes(state, devops));
  app.route("/", entraRoutes(state, graph));
  app.notFound((c) => c.json({ message: `The emulator has no route for ${c.req.method} ${new URL(c.req.url).pathname}.`, typeKey: "NotFoundException" }, 404));
  app.onError((error, c) => {
    console.error("[emulator]", error);
    return c.json({ message: "The emulator failed to answer.", typeKey: "InternalServerErrorException" }, 500);
  });
  return app;
}

/** Starts the Azure emulator on loopback: plain http for the browser, https for the API clients. */
export async function startEmulator({ dataDir, httpPort, httpsPort, smtpPort = httpPort === 0 ? 0 : httpPort + 15, userReadBasicAll }: EmulatorOptions): Promise<RunningEmulator> {
  const secrets = ensureEmbeddedSecrets(dataDir);
  const tls = await ensureTls(dataDir);
  const state = await EmulatorState.create({ rotorClientSecret: secrets.rotorClientSecret });
  const graph = new GraphState(state, { userReadBasicAll: userReadBasicAll ?? /^(true|1)$/.test(process.env.ROTOR_GRAPH_USER_READ_BASIC_ALL ?? "") });
  const faults = new FaultInjector();
  const devops = DevopsState.create({ secretFor: (appId) => graph.secretFor(appId) });
  const mail = new MailSink(tls);
  const webhooks = new WebhookSink();
  const app = createEmulatorApp(state, { graph, faults, devops, requests: new RequestLog(), mail, webhooks });

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
  await mail.listen(smtpPort);
  state.browserOrigin = `http://localhost:${ports[0]}`;
  return {
    state,
    graph,
    devops,
    mail,
    webhooks,
    urls: emulatorUrls(ports[0], ports[1], mail.port),
    certPath: tls.certPath,
    close: async () => {
      // A hung request would otherwise keep its listener open for ever.
      faults.closing();
      await Promise.all([...[http, https].map((s) => new Promise<void>((done) => s.close(() => done()))), mail.close()]);
    },
  };
}
