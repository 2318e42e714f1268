import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./index";

/*
 * One way to write atomically, whatever the engine: `withTransaction(db, async (tx) => …)`.
 *
 * Rule: a transaction's body does database work only — no Azure call, no timer, no wait on
 * anything outside the database. On SQLite the body holds the one connection (and the database's
 * write lock) until it ends, so anything slow inside stalls every writer of the process.
 *
 * SQLite: drizzle's better-sqlite3 transaction refuses async callbacks, so this runs
 * BEGIN IMMEDIATE … COMMIT / ROLLBACK on the one connection itself (the engine's three statements
 * live in db/index.ts), one transaction at a time: a process-wide async lock per connection makes a
 * second transaction wait until the first has ended, and a nested call (same async context) joins
 * the outer transaction — no savepoint: an error in it rolls the whole transaction back unless the
 * outer body catches it, in which case what the nested call wrote stays.
 *
 * A plain statement from another async context while a transaction is open would run inside it
 * (one connection) and commit or roll back with it. So every write in db/queries goes through
 * withTransaction (a single statement too: it then waits for the open transaction to end), and
 * db/index.ts refuses a write that arrives on the connection from outside the open transaction
 * (`assertNotInterloping`), so one that skipped this rule fails loudly instead of being lost.
 * Reads do not wait: a read from another context may see the open transaction's writes before
 * they commit (the same connection), never a half-written row.
 */

/** What an engine supplies for one connection (db/index.ts registers it when the database opens). */
export type TransactionControl = { begin(): void; commit(): void; rollback(): void };

type Connection = TransactionControl & { tail: Promise<void>; open: Scope | null };
type Scope = { db: Db; ended: boolean };

// On globalThis, like the database itself (db/index.ts): Next bundles this module more than once
// (route handlers, server actions, instrumentation), and every copy must see the same lock and scope.
const shared = globalThis as unknown as { rotorTransactions?: { connections: WeakMap<object, Connection>; scope: AsyncLocalStorage<Scope> } };
const { connections, scope } = (shared.rotorTransactions ??= { connections: new WeakMap(), scope: new AsyncLocalStorage() });

export function registerConnection(db: Db, control: TransactionControl): void {
  connections.set(db, { ...control, tail: Promise.resolve(), open: null });
}

/** Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws. */
export async function withTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  const outer = scope.getStore();
  if (outer && outer.db === db && !outer.ended) return work(db);
  const connection = connections.get(db);
  if (!connection) throw new Error("withTransaction: this database was not opened by openDatabase (db/index.ts).");
  const release = await lock(connection);
  const inner: Scope = { db, ended: false };
  try {
    connection.begin();
    connection.open = inner;
    let result: T;
    try {
      result = await scope.run(inner, () => work(db));
    } catch (error) {
      connection.rollback();
      throw error;
    }
    connection.commit();
    return result;
  } finally {
    // Background work started inside the body keeps this scope: once ended, it no longer joins.
    inner.ended = true;
    connection.open = null;
    release();
  }
}

/**
 * For the engine's statement hook: throws when a write reaches the connection from outside the
 * transaction that holds it (it would commit or roll back with someone else's work).
 */
export function assertNotInterloping(db: Db): void {
  const open = connections.get(db)?.open;
  if (!open) return;
  const here = scope.getStore();
  if (here === open) return;
  throw new Error("A database write ran outside withTransaction while a transaction was open on the connection; write through db/queries (withTransaction).");
}

/** Whether the caller runs inside an open transaction on `db` (for code that must not start one). */
export function inTransaction(db: Db): boolean {
  const here = scope.getStore();
  return !!here && here.db === db && !here.ended;
}

async function lock(connection: Connection): Promise<() => void> {
  let release!: () => void;
  const next = new Promise<void>((resolve) => (release = resolve));
  const previous = connection.tail;
  connection.tail = previous.then(() => next);
  await previous;
  return release;
}
