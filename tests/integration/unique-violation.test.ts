import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "@/db/errors";
import { apiKeys, rotationIdempotencyKeys, tenants } from "@/db/tables";
import { openTestDb, type TestDb } from "../support/database";

/** What callers rely on to tell "another writer got there first" from any other failure, on the run's engine. */
let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
  await t.db.insert(tenants).values({ id: "tenant-u", name: "U" });
});
afterAll(() => t?.close());

async function failure(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error("the write did not fail");
}

describe("isUniqueViolation", () => {
  it("recognises a unique index and a primary key refusing a second row", async () => {
    const key = { id: "k-u", tenantId: "tenant-u", name: "n", prefix: "p", hash: "h-unique" };
    await t.db.insert(apiKeys).values(key);
    expect(isUniqueViolation(await failure(() => t.db.insert(apiKeys).values({ ...key, id: "k-u2" })))).toBe(true);
    expect(isUniqueViolation(await failure(() => t.db.insert(tenants).values({ id: "tenant-u", name: "again" })))).toBe(true);
  });

  it("does not mistake another constraint (a missing parent row) for one", async () => {
    const error = await failure(() => t.db.insert(rotationIdempotencyKeys).values({ tenantId: "tenant-u", key: "k", rotationId: "no-such-rotation" }));
    expect(isUniqueViolation(error)).toBe(false);
    expect(isUniqueViolation(new Error("plain"))).toBe(false);
  });
});
