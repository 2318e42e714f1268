import { randomBytes } from "node:crypto";
import pg from "pg";
import { postgresAvailable, TEST_SERVER_URL } from "./postgres";

/**
 * The PostgreSQL run as a whole: its databases share a prefix of their own (each file makes one,
 * tests/support/pg-per-file.ts), and whatever a crashed file left is dropped at the end.
 * Without a server the run fails — `npm test` decides beforehand whether to run it at all.
 */
export default async function setup() {
  if (!(await postgresAvailable())) throw new Error("The PostgreSQL run needs a server: see ROTOR_TEST_DATABASE_URL.");
  const prefix = `rotor_run_${randomBytes(3).toString("hex")}`;
  process.env.ROTOR_TEST_RUN_PREFIX = prefix;
  return async () => {
    const client = new pg.Client({ connectionString: TEST_SERVER_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like $1", [`${prefix}\\_%`]);
      for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await client.end();
    }
  };
}
