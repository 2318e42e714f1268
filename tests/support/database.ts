import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@/db";

/**
 * A database for a test, on the engine of the run: the PostgreSQL database the run's set-up made
 * (ROTOR_DATABASE_URL, see vitest.pg.config.ts) or a new SQLite file. Opening it again with the
 * same `location` gives a second, independent connection to the same data — as a second
 * instance of Rotor would have.
 */
export type TestDb = { db: Db; location: string; close: () => Promise<void> };

export async function openTestDb(location?: string): Promise<TestDb> {
  const url = process.env.ROTOR_DATABASE_URL;
  if (url) {
    const { openPostgres } = await import("@/db/postgres");
    const db = await openPostgres(url, { max: 4 });
    return { db: db as unknown as Db, location: url, close: () => db.$client.end() };
  }
  const { openDatabase } = await import("@/db");
  const file = location ?? join(mkdtempSync(join(tmpdir(), "rotor-db-")), "rotor.db");
  const db = await openDatabase(file);
  return { db, location: file, close: async () => void db.$client.close() };
}
