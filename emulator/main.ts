import { parseArgs } from "node:util";
import { EMBEDDED } from "../lib/embedded-defaults";
import { startEmulator } from "./server";

/** `npm run emulator`: the Azure emulator on its own, on loopback. */
const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: process.env.ROTOR_DATA_DIR ?? "data" },
    "http-port": { type: "string", default: String(EMBEDDED.emulatorHttpPort) },
    "https-port": { type: "string", default: String(EMBEDDED.emulatorHttpsPort) },
  },
});

const emulator = await startEmulator({
  dataDir: values["data-dir"]!,
  httpPort: Number(values["http-port"]),
  httpsPort: Number(values["https-port"]),
});
console.log(`Azure emulator listening on ${emulator.urls.http} (sign-in pages) and ${emulator.urls.https} (APIs)`);
console.log(`Node clients must trust its certificate: NODE_EXTRA_CA_CERTS=${emulator.certPath}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void emulator.close().then(() => process.exit(0)));
}
