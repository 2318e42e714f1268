/** Ports and data folder of the stack the end-to-end tests run against (beside a running demo). */
export const E2E = { appPort: 3100, emulatorHttpPort: 4110, emulatorHttpsPort: 4111, dataDir: ".data/e2e" } as const;
export const EMULATOR_HTTP = `http://localhost:${E2E.emulatorHttpPort}`;
