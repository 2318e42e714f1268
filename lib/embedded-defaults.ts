/**
 * Where the embedded default runs, shared by the app, the emulator and the launch scripts.
 * None of these values is a secret: the secrets live in `<data dir>/secrets.json`.
 */
export const EMBEDDED = {
  appUrl: "http://localhost:3000",
  /** Browser-facing emulator listener (the sign-in picker). */
  emulatorHttpPort: 4010,
  /** TLS listener for what @azure/identity and the API clients call. */
  emulatorHttpsPort: 4011,
  /** The emulator's SMTP sink (loopback), where the demo tenant's e-mail channel sends. */
  emulatorSmtpPort: 4025,
  /** Client id of Rotor's own multi-tenant app registration, seeded in the emulator. */
  rotorClientId: "7f3c9a52-6c1e-4b8e-9d7a-2f5e1c0b4a61",
} as const;

export function emulatorUrls(httpPort: number = EMBEDDED.emulatorHttpPort, httpsPort: number = EMBEDDED.emulatorHttpsPort, smtpPort: number = httpPort + 15) {
  const http = `http://localhost:${httpPort}`;
  const https = `https://localhost:${httpsPort}`;
  return {
    http,
    https,
    /** Auth.js talks to the issuer over https; its discovery sends the browser to the http listener. */
    login: https,
    graph: `${https}/graph`,
    devops: `${https}/devops`,
    vssps: `${https}/vssps`,
    accounts: `${https}/app`,
    /** SMTP with STARTTLS (the emulator's certificate) on loopback. */
    smtp: { host: "localhost", port: smtpPort },
    /** Where a webhook channel of the demo delivers: `${webhookSink}/<name>`. */
    webhookSink: `${http}/_emulator/webhooks/in`,
  };
}
