import { getTableName, is, sql } from "drizzle-orm";
import { getTableConfig as pgConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { existsSync } from "node:fs";
import { openDatabase } from "./index";
import { migratePostgres } from "./postgres";
import * as pgSchema from "./schema-pg";
import * as sqliteSchema from "./schema";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";

export class CopyError extends Error {}

type Pair = { name: string; from: SQLiteTable; to: PgTable };

/** Every table, parents before children (by their foreign keys), so rows go in as the keys allow. */
export function tablesInDependencyOrder(): Pair[] {
  const pairs = Object.entries(sqliteSchema)
    .filter(([, table]) => is(table, SQLiteTable))
    .map(([key, table]) => {
      const to = (pgSchema as Record<string, unknown>)[key];
      if (!is(to, PgTable)) throw new CopyError(`Table ${key} has no PostgreSQL twin in db/schema-pg.ts.`);
      return { name: getTableName(table as SQLiteTable), from: table as SQLiteTable, to };
    });
  const parents = new Map(pairs.map((p) => [p.name, sqliteConfig(p.from).foreignKeys.map((fk) => getTableName(fk.reference().foreignTable)).filter((n) => n !== p.name)]));
  const ordered: Pair[] = [];
  const placed = new Set<string>();
  while (ordered.length < pairs.length) {
    const ready = pairs.filter((p) => !placed.has(p.name) && parents.get(p.name)!.every((n) => placed.has(n)));
    if (ready.length === 0) throw new CopyError("The schema's foreign keys form a cycle; db copy cannot order the tables.");
    for (const p of ready) {
      ordered.push(p);
      placed.add(p.name);
    }
  }
  return ordered;
}

export type CopyReport = { table: string; rows: number }[];

/**
 * Copies every row of every table from a SQLite file into an empty PostgreSQL database, in one
 * transaction: sealed values as they are (they are bound to their row's id, which is kept), ids
 * and time stamps unchanged, identity sequences moved past the copied ids. Each table's row
 * count is compared before the transaction commits; a difference rolls everything back.
 * The source is read in one read transaction, so a consistent snapshot even if Rotor still runs
 * on it — but writes it makes afterwards are not copied: stop Rotor first.
 */
export async function copySqliteToPostgres({ from, to }: { from: string; to: string }, progress: (line: string) => void = () => {}): Promise<CopyReport> {
  if (!existsSync(from)) throw new CopyError(`There is no SQLite database at ${from}.`);
  const tables = tablesInDependencyOrder();
  // Brought to the current schema first, as starting Rotor on it would, so both sides have the same columns.
  const source = await openDatabase(from);
  let snapshot: Map<string, Record<string, unknown>[]>;
  try {
    // The source is SQLite by definition: one synchronous read transaction is its consistent snapshot.
    snapshot = source.transaction((tx) => new Map(tables.map((t) => [t.name, tx.select().from(t.from).all() as Record<string, unknown>[]])), { behavior: "deferred" });
  } finally {
    source.$client.close();
  }

  await migratePostgres(to);
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    const target = drizzle(client);
    for (const t of tables) {
      const [row] = (await target.execute<{ n: number }>(sql`select count(*)::int as n from ${t.to}`)).rows;
      if (row!.n > 0) throw new CopyError(`The target database is not empty: ${t.name} holds ${row!.n} row(s). db copy only fills a new database.`);
    }
    return await target.transaction(async (tx) => {
      const report: CopyReport = [];
      for (const t of tables) {
        const rows = snapshot.get(t.name)!;
        const columns = pgConfig(t.to).columns;
        const batch = Math.max(1, Math.floor(30_000 / columns.length)); // under PostgreSQL's 65,535 parameters
        for (let i = 0; i < rows.length; i += batch) await tx.insert(t.to).values(rows.slice(i, i + batch) as never);
        for (const column of columns.filter((c) => c.generatedIdentity)) {
          await tx.execute(
            sql`select setval(pg_get_serial_sequence(${`"${t.name}"`}, ${column.name}), coalesce((select max(${sql.identifier(column.name)}) from ${t.to}), 0) + 1, false)`,
          );
        }
        const [copied] = (await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${t.to}`)).rows;
        if (copied!.n !== rows.length) throw new CopyError(`${t.name}: ${rows.length} row(s) read but ${copied!.n} written; nothing was copied.`);
        report.push({ table: t.name, rows: rows.length });
        progress(`${t.name}: ${rows.length} row(s)`);
      }
      return report;
    });
  } finally {
    await client.end();
  }
}
