import { afterAll } from "vitest";
import { createTestDatabase } from "./postgres";

/**
 * The PostgreSQL run's set-up file (vitest.pg.config.ts): before each test file imports Rotor's
 * modules, a database of its own on the test server, named by ROTOR_DATABASE_URL — which is also
 * what makes db/tables.ts choose the PostgreSQL tables — and dropped after the file.
 */
const database = await createTestDatabase(process.env.ROTOR_TEST_RUN_PREFIX ?? "rotor_test");
process.env.ROTOR_DATABASE_URL = database.url;
delete process.env.ROTOR_DATABASE_FILE;

afterAll(async () => {
  // Pools the file opened still hold connections: `drop … with (force)` ends them.
  await database.drop();
});
