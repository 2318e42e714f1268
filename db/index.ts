import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { startAuditChains } from "./audit-chain-start";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

/** Opens (creating if needed) a SQLite database with WAL and foreign keys on, migrated to the latest schema. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  // Entries written before the audit chain existed are chained once, as the upgrade finds them.
  startAuditChains(db as Db);
  return db as Db;
}

const globalForDb = globalThis as unknown as { rotorDb?: Db };

/** The process-wide database, opened and migrated on first use. */
export async function getDb(): Promise<Db> {
  if (!globalForDb.rotorDb) {
    const { env } = await import("@/lib/env");
    globalForDb.rotorDb = openDatabase(env().databaseFile);
  }
  return globalForDb.rotorDb;
}
