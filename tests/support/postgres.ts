import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * PostgreSQL for tests: the server ROTOR_TEST_DATABASE_URL names (default: the development and
 * CI machines' 127.0.0.1:5432, trust authentication). Each caller gets a database of its own,
 * created here and dropped by `drop()`. Where no server answers, `postgresOrSkip()` answers null
 * and the suite says so — unless ROTOR_REQUIRE_POSTGRES=1 (.ci/run), which makes it a failure.
 */
export const TEST_SERVER_URL = process.env.ROTOR_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = { url: string; name: string; drop: () => Promise<void> };

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test server. */
export async function createTestDatabase(prefix = "rotor_test"): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`create database "${name}"`));
  return {
    name,
    url: withDatabase(TEST_SERVER_URL, name),
    drop: () => admin((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

let reachable: Promise<boolean> | undefined;

/** Whether the test server answers (asked once per process). */
export function postgresAvailable(): Promise<boolean> {
  reachable ??= admin((client) => client.query("select 1"))
    .then(() => true)
    .catch((error: unknown) => {
      if (process.env.ROTOR_REQUIRE_POSTGRES === "1") {
        throw new Error(`PostgreSQL is required (ROTOR_REQUIRE_POSTGRES=1) but ${redacted()} does not answer: ${(error as Error).message}`);
      }
      console.warn(`PostgreSQL skipped: nothing answers at ${redacted()} (set ROTOR_TEST_DATABASE_URL to use another server).`);
      return false;
    });
  return reachable;
}

function redacted(): string {
  const url = new URL(TEST_SERVER_URL);
  if (url.password) url.password = "***";
  return url.toString();
}
