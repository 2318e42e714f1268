import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * Process tests: the real built app (`next start`) beside the emulator, killed, restarted and
 * loaded. The base config's aliases and one-file-at-a-time pool, but not its shared emulator:
 * each file starts its own stack on free ports.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["tests/process/**/*.test.ts"],
    exclude: configDefaults.exclude,
    globalSetup: [],
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
