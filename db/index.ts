import Database from "better-sqlite3";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { startAuditChains } from "./queries/audit-chain-upgrade";
import * as schema from "./schema";
import { assertNotInterloping, registerConnection } from "./transaction";

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

/**
 * Opens (creating if needed) a SQLite database with WAL and foreign keys on, migrated to the latest
 * schema. Everything SQLite-only lives here: file modes, pragmas, the migrator and the three
 * statements db/transaction.ts runs for withTransaction.
 */
export async function openDatabase(file: string): Promise<Db> {
  if (file !== ":memory:") restrictFiles(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  if (file !== ":memory:") restrictExisting(file);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  registerConnection(db, {
    begin: () => sqlite.exec("BEGIN IMMEDIATE"),
    commit: () => sqlite.exec("COMMIT"),
    // SQLite may already have rolled back on its own (a full disk, an interrupted statement).
    rollback: () => sqlite.inTransaction && sqlite.exec("ROLLBACK"),
  });
  guardWrites(sqlite, db);
  // Entries written before the audit chain existed are chained once, as the upgrade finds them.
  await startAuditChains(db);
  return db;
}

/** Every statement drizzle runs is prepared here first: a write from outside an open transaction is refused (db/transaction.ts). */
function guardWrites(sqlite: Database.Database, db: Db): void {
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    if (!statement.readonly) assertNotInterloping(db);
    return statement;
  }) as typeof sqlite.prepare;
}

const globalForDb = globalThis as unknown as { rotorDb?: Promise<Db> };

/** The process-wide database, opened and migrated on first use (once, however many ask at once). */
export function getDb(): Promise<Db> {
  globalForDb.rotorDb ??= import("@/lib/env")
    .then(({ env }) => openDatabase(env().databaseFile))
    .catch((error: unknown) => {
      globalForDb.rotorDb = undefined; // the next caller tries again
      throw error;
    });
  return globalForDb.rotorDb;
}

/** Closes a database opened with openDatabase (the command line and the demo's seeding, which open their own). */
export function closeDatabase(db: Db): void {
  db.$client.close();
}

/** A text field of a JSON column, null where the column holds no valid JSON (SQLite's spelling; every engine has its own). */
export function jsonTextField(column: AnyColumn, field: string): SQL<string | null> {
  return sql<string | null>`case when json_valid(${column}) then json_extract(${column}, ${`$.${field}`}) end`;
}

/** Whether a write failed on a unique index (SQLite's codes; every engine has its own). */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof (error as { code?: unknown })?.code === "string" && (error as { code: string }).code.startsWith("SQLITE_CONSTRAINT");
