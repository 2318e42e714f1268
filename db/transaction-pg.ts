import { AsyncLocalStorage } from "node:async_hooks";
import { is, sql } from "drizzle-orm";
import { PgDatabase } from "drizzle-orm/pg-core";

/**
 * PostgreSQL's side of `withTransaction` (db/transaction.ts): drizzle's own transaction on one
 * connection of the pool, with the body given that transaction. A nested call from the same
 * async context — with the transaction or with the database it came from — joins it, so a query
 * that opens its own transaction composes with its caller's, as on SQLite.
 */
type Scope = { db: object; tx: object; ended: boolean };
// On globalThis: Next bundles this module into several chunks, and the database getDb opened in one
// must see the transactions withTransaction opens in another.
const shared = globalThis as unknown as { rotorPgTransactions?: { open: AsyncLocalStorage<Scope>; unwrapped: WeakMap<object, object> } };
const { open, unwrapped } = (shared.rotorPgTransactions ??= { open: new AsyncLocalStorage<Scope>(), unwrapped: new WeakMap() });

export function isPostgres(db: object): boolean {
  return is(db, PgDatabase);
}

export async function withPgTransaction<D extends object, T>(db: D, work: (tx: D) => Promise<T>): Promise<T> {
  const outer = open.getStore();
  if (outer && !outer.ended && (outer.db === db || outer.tx === db)) return work(outer.tx as D);
  const pgDb = (unwrapped.get(db) ?? db) as unknown as PgDatabase<never>;
  const scope: Scope = { db, tx: {}, ended: false };
  try {
    return await pgDb.transaction((tx) => {
      scope.tx = tx;
      return open.run(scope, () => work(tx as unknown as D));
    });
  } finally {
    // Background work started inside the body keeps this scope: once ended, it uses the pool again.
    scope.ended = true;
  }
}

/**
 * The pool's database as the queries get it: a statement made with it inside an open
 * transaction's body (same async context) runs on that transaction's connection, as on SQLite's
 * one connection. Without this, a body that reads through the database it was given while every
 * pooled connection is held by such a body waits for a connection for ever.
 */
export function routedThroughOpenTransaction<D extends object>(db: D): D {
  const routed = new Proxy(db, {
    get(target, property) {
      const scope = open.getStore();
      const source = scope && !scope.ended && scope.db === routed ? scope.tx : target;
      const value = Reflect.get(source, property, source);
      return typeof value === "function" ? value.bind(source) : value;
    },
  });
  unwrapped.set(routed, db);
  return routed;
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
