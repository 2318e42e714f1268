import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@/": here("./"),
      // `server-only` throws outside React Server Components; the tests are server code too.
      "server-only": here("./tests/support/server-only.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // The real app, killed and loaded: their own stage (vitest.process.config.ts, after the build).
    exclude: [...configDefaults.exclude, "tests/process/**"],
    // Forked workers start after the global setup, so they inherit NODE_EXTRA_CA_CERTS for the emulator.
    pool: "forks",
    // The files share one emulator (and its fault rules and settings): run them one at a time.
    fileParallelism: false,
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
