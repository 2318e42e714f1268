import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The integration files that touch the database, again on PostgreSQL: each with a database of its
 * own on the test server (tests/support/pg-per-file.ts), through the same queries as on SQLite.
 * Only these: the emulator's own tests and the pure units do not depend on the engine, and the
 * whole suite must stay within its time budget on two cores.
 */
export const POSTGRES_FILES = ["tests/integration/api-failure-limits.test.ts", "tests/integration/unique-violation.test.ts"];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: POSTGRES_FILES,
    globalSetup: [...(base.test?.globalSetup as string[]), "tests/support/pg-global-setup.ts"],
    setupFiles: ["tests/support/pg-per-file.ts"],
  },
});
