import { parseArgs } from "node:util";
import { EMBEDDED } from "../lib/embedded-defaults";
import { TENANTS, USERS } from "../emulator/seed";
import { rmSync } from "node:fs";
import { buildIfNeeded } from "./build-if-needed";
import { seedDemo } from "./seed-demo";
import { startStack } from "./stack";

/** `npm run demo`: builds if needed, then runs Rotor on its embedded default with the emulator, seeded. */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    "data-dir": { type: "string", default: "data" },
    reset: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

buildIfNeeded();
const dataDir = values["data-dir"]!;
if (values.reset) rmSync(dataDir, { recursive: true, force: true });
const seeded = await seedDemo(dataDir);
const stack = await startStack({
  dataDir,
  appPort: Number(values.port),
  emulatorHttpPort: EMBEDDED.emulatorHttpPort,
  emulatorHttpsPort: EMBEDDED.emulatorHttpsPort,
  echo: values.verbose,
  // The embedded default is what the demo is for: no start-up warning, no footer.
  env: { ROTOR_DEMO: "1" },
});

const width = Math.max(...USERS.map((u) => u.email.length));
console.log(`
  Rotor is running on its embedded default.

    Open       ${stack.appUrl}
    Emulator   ${stack.emulator.urls.http} (sign-in) · ${stack.emulator.urls.https} (APIs)
    Alerts     ${stack.emulator.urls.http}/_emulator/mail (mailbox) · ${stack.emulator.urls.http}/_emulator/webhooks
    Data       ${values["data-dir"]}/ (SQLite, keys, logs/app.log)

  Demo sign-ins (click "Sign in with Microsoft", then pick the account; no password):
${USERS.map((u) => `    ${u.email.padEnd(width)}  ${TENANTS[u.tenant].name.padEnd(18)} ${u.description}`).join("\n")}

  ${seeded ? "Seeded: Contoso (DevOps Integration on) and Northwind, with their applications under Rotor.\n  " : ""}Try: sign in as omar@contoso.example, open Payments API → Settings, bind contoso-platform / payments /
  payments-api-arm, save, then Rotate now.

  Press Ctrl+C to stop.
`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.log("\nStopping Rotor…");
    void stack.stop().then(() => process.exit(0));
  });
}
stack.app.once("exit", (code) => {
  console.error(`Rotor stopped unexpectedly (exit ${code}); see ${stack.logFile}.`);
  void stack.stop().then(() => process.exit(1));
});
