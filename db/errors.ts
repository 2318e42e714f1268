/**
 * A write refused by a unique index or primary key — the database telling two writers apart, on
 * either engine: better-sqlite3's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL's 23505 —
 * whether drizzle passes the driver's error on as it is or wrapped as its cause.
 */
const UNIQUE_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"]);

export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && UNIQUE_CODES.has(e.code)) return true;
  }
  return false;
}
