/**
 * Ports and data folder of the stack the end-to-end tests run against (beside a running demo).
 * E2E_PORT_BASE moves the whole stack (app on base, emulator on base+1010/base+1011) so a second
 * run can share the machine with the first.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 3100);
export const E2E = {
  appPort: base,
  emulatorHttpPort: base + 1010,
  emulatorHttpsPort: base + 1011,
  dataDir: base === 3100 ? ".data/e2e" : `.data/e2e-${base}`,
} as const;
export const EMULATOR_HTTP = `http://localhost:${E2E.emulatorHttpPort}`;
/** The emulator's SMTP sink: its http port + 15, as startEmulator places it. */
export const E2E_SMTP_PORT = E2E.emulatorHttpPort + 15;
