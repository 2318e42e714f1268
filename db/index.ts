import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { startAuditChains } from "./audit-chain-start";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

/**
 * The database holds sealed secrets, hashes and the audit log: its folder is for Rotor alone
 * (0700) and the database with its -wal and -shm files too (0600), on every profile, whatever
 * the umask. An existing folder is tightened only when Rotor's user owns it and it is not a
 * shared sticky folder such as /tmp.
 */
function restrictFiles(file: string): void {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = statSync(folder);
  const shared = (stat.mode & 0o1000) !== 0;
  if (!shared && stat.uid === process.getuid?.() && (stat.mode & 0o077) !== 0) chmodSync(folder, 0o700);
  closeSync(openSync(file, "a", 0o600)); // SQLite gives -wal and -shm the database file's mode
  restrictExisting(file);
}

function restrictExisting(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/** Opens (creating if needed) a SQLite database with WAL and foreign keys on, migrated to the latest schema. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") restrictFiles(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  if (file !== ":memory:") restrictExisting(file);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  // Entries written before the audit chain existed are chained once, as the upgrade finds them.
  startAuditChains(db as Db);
  return db as Db;
}

const globalForDb = globalThis as unknown as { rotorDb?: Promise<Db> };

/**
 * The process-wide database, opened and migrated on first use: PostgreSQL when
 * ROTOR_DATABASE_URL is set (db/postgres.ts), else the SQLite file.
 */
export async function getDb(): Promise<Db> {
  globalForDb.rotorDb ??= (async () => {
    const { env } = await import("@/lib/env");
    const config = env();
    const { tablesEngine } = await import("./tables");
    if (tablesEngine !== (config.databaseUrl ? "postgres" : "sqlite")) throw new Error("db/tables.ts chose another engine than the configuration's.");
    if (!config.databaseUrl) return openDatabase(config.databaseFile);
    const { openPostgres } = await import("./postgres");
    // The queries are written once for both engines (db/tables.ts); the SQLite type stands for both.
    return (await openPostgres(config.databaseUrl)) as unknown as Db;
  })().catch((error: unknown) => {
    globalForDb.rotorDb = undefined; // a database that did not answer at start is asked again next time
    throw error;
  });
  return globalForDb.rotorDb;
}
