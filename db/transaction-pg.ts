import { AsyncLocalStorage } from "node:async_hooks";
import { is, sql } from "drizzle-orm";
import { PgDatabase } from "drizzle-orm/pg-core";

/**
 * PostgreSQL's side of `withTransaction` (db/transaction.ts): drizzle's own transaction on one
 * connection of the pool, with the body given that transaction. A nested call from the same
 * async context — with the transaction or with the database it came from — joins it, so a query
 * that opens its own transaction composes with its caller's, as on SQLite.
 */
type Scope = { db: object; tx: object };
const open = new AsyncLocalStorage<Scope>();

export function isPostgres(db: object): boolean {
  return is(db, PgDatabase);
}

export async function withPgTransaction<D extends object, T>(db: D, work: (tx: D) => Promise<T>): Promise<T> {
  const outer = open.getStore();
  if (outer && (outer.db === db || outer.tx === db)) return work(outer.tx as D);
  const pgDb = db as unknown as PgDatabase<never>;
  return pgDb.transaction((tx) => open.run({ db, tx }, () => work(tx as unknown as D)));
}

/**
 * Serialises the transactions that take the same lock key until they end (PostgreSQL's
 * transaction-level advisory lock): writers that read a value and write the next one — a
 * tenant's audit chain — then never both write after the same value. SQLite needs none: its
 * writers are serialised already (one write transaction at a time).
 */
export async function lockUntilCommit(tx: object, key: string): Promise<void> {
  if (!isPostgres(tx)) return;
  await (tx as unknown as PgDatabase<never>).execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
