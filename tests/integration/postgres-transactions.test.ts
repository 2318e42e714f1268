import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type PgDb } from "@/db/postgres";
import { auditChainHeads, tenants } from "@/db/schema-pg";
import { lockUntilCommit, withPgTransaction } from "@/db/transaction-pg";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";

/** PostgreSQL's side of withTransaction: one connection per transaction, nested calls join, advisory locks serialise. */
const available = await postgresAvailable();

describe.skipIf(!available)("PostgreSQL transactions", () => {
  let database: TestDatabase;
  let db: PgDb;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openPostgres(database.url, { max: 8 });
    await db.insert(tenants).values({ id: "t", name: "T" });
  });
  afterAll(async () => {
    await db?.$client.end();
    await database?.drop();
  });

  it("commits what the body wrote, and rolls all of it back when the body throws — nested calls included", async () => {
    await withPgTransaction(db, async (tx) => {
      await tx.insert(tenants).values({ id: "a", name: "A" });
      // A nested call with the outer database joins the open transaction instead of taking another connection.
      await withPgTransaction(db, async (inner) => void (await inner.insert(tenants).values({ id: "b", name: "B" })));
    });
    await expect(
      withPgTransaction(db, async (tx) => {
        await tx.insert(tenants).values({ id: "c", name: "C" });
        await withPgTransaction(tx, async (inner) => void (await inner.insert(tenants).values({ id: "d", name: "D" })));
        throw new Error("half-way");
      }),
    ).rejects.toThrow("half-way");
    const ids = (await db.select({ id: tenants.id }).from(tenants)).map((r) => r.id).sort();
    expect(ids).toEqual(["a", "b", "t"]);
  });

  it("lockUntilCommit: writers that read a value and write the next one never both write after the same value", async () => {
    await db.insert(auditChainHeads).values({ tenantId: "t", seq: 0, hash: "0", updatedAt: new Date() });
    const bump = () =>
      withPgTransaction(db, async (tx) => {
        await lockUntilCommit(tx, "audit:t");
        const [head] = await tx.select().from(auditChainHeads).where(eq(auditChainHeads.tenantId, "t"));
        await new Promise((done) => setTimeout(done, 5)); // another writer arrives meanwhile
        await tx.update(auditChainHeads).set({ seq: head!.seq + 1 }).where(eq(auditChainHeads.tenantId, "t"));
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.tenantId, "t"));
    expect(head!.seq).toBe(20);
  });

  it("a body that reads through the pool's database uses its own connection: more bodies than connections never starve", async () => {
    const small = await openPostgres(database.url, { max: 2 });
    try {
      const bodies = Array.from({ length: 6 }, (_, i) =>
        withPgTransaction(small, async (tx) => {
          await tx.insert(tenants).values({ id: `s-${i}`, name: "S" });
          // Read through the database, not tx: it sees the body's own write, on the body's connection.
          const [mine] = await small.select().from(tenants).where(eq(tenants.id, `s-${i}`));
          await new Promise((done) => setTimeout(done, 20));
          return mine?.id;
        }),
      );
      expect(await Promise.race([Promise.all(bodies), new Promise((done) => setTimeout(() => done("starved"), 10_000))])).toEqual(["s-0", "s-1", "s-2", "s-3", "s-4", "s-5"]);
    } finally {
      await small.$client.end();
    }
  });
});
