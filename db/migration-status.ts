import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { PG_MIGRATIONS } from "./postgres";

export const SQLITE_MIGRATIONS = join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export type MigrationStatus = { applied: string[]; pending: string[] };

/** Splits a folder's migrations at the newest one applied (drizzle compares their time stamps, as here). */
function split(folder: string, lastApplied: number): MigrationStatus {
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
  return {
    applied: journal.entries.filter((entry) => entry.when <= lastApplied).map((entry) => entry.tag),
    pending: journal.entries.filter((entry) => entry.when > lastApplied).map((entry) => entry.tag),
  };
}

/** Which migrations a SQLite file has applied, read without migrating it (or creating it). */
export function sqliteMigrationStatus(file: string): MigrationStatus {
  if (!existsSync(file)) return split(SQLITE_MIGRATIONS, 0);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const found = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    const row = found ? (sqlite.prepare("select max(created_at) as last from __drizzle_migrations").get() as { last: number | null }) : undefined;
    return split(SQLITE_MIGRATIONS, Number(row?.last ?? 0));
  } finally {
    sqlite.close();
  }
}

/** Which migrations a PostgreSQL database has applied, read without migrating it. */
export async function postgresMigrationStatus(url: string): Promise<MigrationStatus> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query<{ found: boolean }>("select to_regclass('drizzle.__drizzle_migrations') is not null as found");
    const last = table.rows[0]?.found
      ? Number((await client.query<{ last: string | null }>("select max(created_at) as last from drizzle.__drizzle_migrations")).rows[0]?.last ?? 0)
      : 0;
    return split(PG_MIGRATIONS, last);
  } finally {
    await client.end();
  }
}
