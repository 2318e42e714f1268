import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresMigrationStatus } from "@/db/migration-status";
import { migratePostgres, openPostgres } from "@/db/postgres";
import { tenants } from "@/db/schema-pg";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";

const available = await postgresAvailable();

describe.skipIf(!available)("PostgreSQL migrations", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it("instances starting together migrate once: each migration applied a single time, none fails", async () => {
    expect((await postgresMigrationStatus(database.url)).applied).toEqual([]);
    await Promise.all(Array.from({ length: 5 }, () => migratePostgres(database.url)));
    const status = await postgresMigrationStatus(database.url);
    expect(status.pending).toEqual([]);
    expect(status.applied.length).toBeGreaterThan(0);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const rows = await client.query("select hash from drizzle.__drizzle_migrations");
    await client.end();
    expect(rows.rowCount).toBe(status.applied.length);
  });

  it("opens a migrated pool that reads and writes through the PostgreSQL tables, dates as Date", async () => {
    const db = await openPostgres(database.url, { max: 2 });
    try {
      await db.insert(tenants).values({ id: "t-1", name: "Contoso" });
      const [row] = await db.select().from(tenants);
      expect(row?.name).toBe("Contoso");
      expect(row?.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(row!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      await db.$client.end();
    }
  });
});
