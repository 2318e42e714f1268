import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The integration files that touch the database, again on PostgreSQL: each with a database of its
 * own on the test server (tests/support/pg-per-file.ts), through the same queries as on SQLite.
 * Only these: the emulator's own tests and the pure units do not depend on the engine, and the
 * whole suite must stay within its time budget on two cores.
 */
// ROTOR_PG_FILES (comma-separated) runs other files on PostgreSQL, to try one before it joins the list.
// The others still set up their data with SQLite-only calls (.run(), .get(), .all(), $client):
// each joins once its set-up is written with awaited drizzle statements (tests/support/applications.ts is).
export const POSTGRES_FILES = process.env.ROTOR_PG_FILES
  ? process.env.ROTOR_PG_FILES.split(",")
  : ["tests/integration/api-failure-limits.test.ts", "tests/integration/unique-violation.test.ts"];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: POSTGRES_FILES,
    globalSetup: [...(base.test?.globalSetup as string[]), "tests/support/pg-global-setup.ts"],
    setupFiles: ["tests/support/pg-per-file.ts"],
  },
});
