import { is, SQL } from "drizzle-orm";
import { getTableConfig as pgConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as pg from "@/db/schema-pg";
import * as sqlite from "@/db/schema";
import { tablesFor } from "@/db/tables";

/**
 * db/schema.ts (SQLite) and db/schema-pg.ts (PostgreSQL) describe one schema: one set of
 * queries serves both, so every table, column, type, nullability, default, key and index must be
 * the same on both sides. A table or column added to one engine only fails here.
 */

type Config = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

/** An SQL fragment's text (the partial indexes' `where`), whitespace-normalised. */
function sqlText(value: unknown): string {
  if (!is(value, SQL)) return String(value);
  return value.queryChunks
    .map((chunk) => (typeof chunk === "object" && chunk !== null && "value" in chunk ? (chunk.value as string[]).join("") : String(chunk)))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

/** The engine-neutral shape of a table: what a query relies on, not how the engine stores it. */
function shape(config: Config) {
  const name = (c: { name: string } | SQL) => ("name" in c ? c.name : sqlText(c));
  return {
    name: config.name,
    columns: config.columns
      .map((c) => ({
        name: c.name,
        dataType: c.dataType,
        notNull: c.notNull,
        primary: c.primary,
        enumValues: c.enumValues ?? null,
        // SQL defaults differ by engine (unixepoch vs now()); both must be "the current time".
        default: !c.hasDefault ? "none" : is(c.default, SQL) ? "sql" : c.default === undefined && "generated" in c ? "identity" : JSON.stringify(c.default),
        autoIncrement: ("autoIncrement" in c && c.autoIncrement === true) || ("generatedIdentity" in c && c.generatedIdentity !== undefined),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    uniqueConstraints: config.uniqueConstraints.map((u) => u.columns.map((c) => c.name)),
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name,
        unique: i.config.unique,
        columns: (i.config.columns as ({ name: string } | SQL)[]).map(name),
        where: i.config.where ? sqlText(i.config.where) : null,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: ref.columns.map((c) => c.name),
          table: (ref.foreignTable as unknown as { [k: symbol]: string })[Symbol.for("drizzle:Name")],
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? "no action",
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

const sqliteTables = Object.fromEntries(Object.entries(sqlite).filter(([, v]) => is(v, SQLiteTable))) as Record<string, SQLiteTable>;
const pgTables = Object.fromEntries(Object.entries(pg).filter(([, v]) => is(v, PgTable))) as Record<string, PgTable>;

describe("the SQLite and PostgreSQL schemas", () => {
  it("have the same tables under the same export names, all of them served by db/tables.ts", () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    expect(Object.keys(tablesFor("sqlite")).sort()).toEqual(Object.keys(sqliteTables).sort());
    expect(Object.keys(tablesFor("postgres")).sort()).toEqual(Object.keys(sqliteTables).sort());
    for (const [key, table] of Object.entries(tablesFor("postgres"))) expect(table, key).toBe(pgTables[key]);
  });

  it.each(Object.keys(sqliteTables))("%s: same columns, types, nullability, defaults, keys and indexes", (key) => {
    const left = shape(sqliteConfig(sqliteTables[key]!));
    const right = shape(pgConfig(pgTables[key]!));
    expect(right).toEqual(left);
    expect(left.columns.length).toBeGreaterThan(0);
  });

  it("store dates as timestamptz, flags as boolean and JSON as jsonb on PostgreSQL", () => {
    for (const table of Object.values(pgTables)) {
      for (const column of pgConfig(table).columns) {
        const expected = { date: "PgTimestamp", boolean: "PgBoolean", json: "PgJsonb" }[column.dataType as string];
        if (expected) expect(column.columnType, `${pgConfig(table).name}.${column.name}`).toBe(expected);
      }
    }
  });

  it("give queries the same row and insert types (checked by tsc)", () => {
    type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
    type Rows = { [K in keyof typeof pg]: (typeof pg)[K] extends PgTable ? K : never }[keyof typeof pg];
    type Check = {
      [K in Rows]: K extends keyof typeof sqlite
        ? [
            Same<(typeof pg)[K]["$inferSelect"], (typeof sqlite)[K] extends SQLiteTable ? (typeof sqlite)[K]["$inferSelect"] : never>,
            Same<(typeof pg)[K]["$inferInsert"], (typeof sqlite)[K] extends SQLiteTable ? (typeof sqlite)[K]["$inferInsert"] : never>,
          ]
        : [false, false];
    };
    expectTypeOf<Check[Rows]>().toEqualTypeOf<[true, true]>();
  });
});
