import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { getTenant, ensureTenant } from "@/db/queries/tenants";
import { tenants } from "@/db/schema";
import { withTransaction } from "@/db/transaction";

const fresh = () => openDatabase(join(mkdtempSync(join(tmpdir(), "rotor-tx-")), "rotor.db"));
const names = async (db: Awaited<ReturnType<typeof fresh>>) => (await db.select({ id: tenants.id }).from(tenants)).map((t) => t.id).sort();
/** Lets every other async context that is ready run (several turns of the event loop). */
const elsewhere = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("withTransaction", () => {
  it("commits what the body wrote when it resolves and keeps nothing when it throws", async () => {
    const db = await fresh();
    await withTransaction(db, async (tx) => {
      await ensureTenant(tx, { tenantId: "kept", name: "Kept" });
    });
    await expect(
      withTransaction(db, async (tx) => {
        await ensureTenant(tx, { tenantId: "lost", name: "Lost" });
        throw new Error("half-way");
      }),
    ).rejects.toThrow("half-way");
    expect(await names(db)).toEqual(["kept"]);
  });

  it("runs two transactions one after the other, never interleaved on the one connection", async () => {
    const db = await fresh();
    const order: string[] = [];
    const body = (name: string) => async () => {
      order.push(`${name} begins`);
      await ensureTenant(db, { tenantId: name, name });
      await elsewhere(); // the other transaction is ready to run meanwhile
      order.push(`${name} ends`);
      if (name === "b") throw new Error("b fails");
    };
    const results = await Promise.allSettled([withTransaction(db, body("a")), withTransaction(db, body("b"))]);
    expect(order).toEqual(["a begins", "a ends", "b begins", "b ends"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    // b's rollback took only b's writes.
    expect(await names(db)).toEqual(["a"]);
  });

  it("joins the outer transaction when nested: one rollback takes both", async () => {
    const db = await fresh();
    await expect(
      withTransaction(db, async () => {
        await ensureTenant(db, { tenantId: "outer", name: "Outer" }); // itself a withTransaction: joins
        await withTransaction(db, async () => {
          await ensureTenant(db, { tenantId: "inner", name: "Inner" });
        });
        throw new Error("after the nested one");
      }),
    ).rejects.toThrow("after the nested one");
    expect(await names(db)).toEqual([]);
  });

  it("makes a plain write from elsewhere wait for the open transaction, so a rollback does not take it", async () => {
    const db = await fresh();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = withTransaction(db, async () => {
      await ensureTenant(db, { tenantId: "rolled-back", name: "Rolled back" });
      await held;
      throw new Error("rolled back");
    });
    await elsewhere();
    // Another request writes while the transaction is open: db/queries routes it through withTransaction.
    const plain = ensureTenant(db, { tenantId: "plain", name: "Plain" });
    await elsewhere();
    expect(await getTenant(db, { tenantId: "plain" }), "it waits for the open transaction").toBeNull();
    release();
    await expect(transaction).rejects.toThrow("rolled back");
    await plain;
    expect(await names(db)).toEqual(["plain"]);
  });

  it("refuses a write that skips withTransaction while a transaction is open, instead of letting it ride along", async () => {
    const db = await fresh();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = withTransaction(db, async () => {
      await held;
    });
    await elsewhere();
    await expect(db.insert(tenants).values({ id: "stray", name: "Stray" })).rejects.toThrow(/outside withTransaction/);
    // Reads do not wait and are not refused.
    expect(await names(db)).toEqual([]);
    release();
    await transaction;
    // With no transaction open, a plain statement runs as SQLite's own.
    await db.insert(tenants).values({ id: "later", name: "Later" });
    expect(await names(db)).toEqual(["later"]);
  });

  it("does not let background work started inside a transaction join it after it ended", async () => {
    const db = await fresh();
    let background!: Promise<void>;
    await withTransaction(db, async () => {
      background = (async () => {
        await elsewhere(); // runs on after the transaction committed
        await ensureTenant(db, { tenantId: "background", name: "Background" });
      })();
    });
    // Were it still joined to the committed transaction, its write would run outside any transaction lock.
    await withTransaction(db, async () => {
      await elsewhere();
    });
    await background;
    expect(await names(db)).toEqual(["background"]);
  });
});
