import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { join } from "node:path";
import pg from "pg";
import { logger } from "@/lib/logger";
import * as schema from "./schema-pg";
import { routedThroughOpenTransaction } from "./transaction-pg";

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const PG_MIGRATIONS = join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations-pg");

/**
 * The key of the session-level advisory lock every instance takes before migrating: instances
 * starting together queue on it, the first applies the migrations, the others find nothing left.
 */
const MIGRATION_LOCK = 0x526f746f72; // "Rotor"

/** Timestamps come back as Date through drizzle; `pg` must not turn int8 counts into strings we forget to parse. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Applies PostgreSQL's migrations on one connection, under the migration lock. */
export async function migratePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    await client.end();
  }
}

/**
 * Opens Rotor's PostgreSQL database: migrates it (once, whatever the number of instances
 * starting together), then a pool of connections for the queries.
 */
export async function openPostgres(url: string, { max = 10 }: { max?: number } = {}): Promise<PgDb> {
  await migratePostgres(url);
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server dropped must not crash the process; the pool replaces it.
  pool.on("error", (error) => logger.warn({ err: error.message }, "an idle PostgreSQL connection failed; the pool replaces it"));
  return routedThroughOpenTransaction(drizzle(pool, { schema }) as PgDb);
}
