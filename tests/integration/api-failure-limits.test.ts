import { afterAll, describe, expect, it } from "vitest";
import { countAuthFailures } from "@/db/queries/auth-failures";
import { SlidingWindowLimiter } from "@/lib/api/rate-limit";
import { openTestDb, type TestDb } from "../support/database";

/** The failed-authentication limiter, counted in the database (SQLite or PostgreSQL, as the run says). */

const opened: TestDb[] = [];
afterAll(() => Promise.all(opened.map((d) => d.close())));

async function setup(limit = 3, windowMs = 60_000) {
  const first = await openTestDb();
  opened.push(first);
  // Each test later than the last: on a shared PostgreSQL database, pruning then only ever forgets earlier tests.
  const clock = { now: 1_000_000_000_000 + opened.length * 1_000_000_000 };
  // A name of its own per test: the tests share the run's database on PostgreSQL.
  const name = `test-${opened.length}-${Date.now()}`;
  const make = (db: TestDb) => new SlidingWindowLimiter(db.db, { name, limit, windowMs, now: () => clock.now });
  const limiter = make(first);
  return { clock, limiter, first, make };
}

describe("failed-authentication limiter", () => {
  it("lets a key fail `limit` times, then asks it to wait until its oldest failure leaves the window", async () => {
    const { clock, limiter: l } = await setup(3);
    for (let i = 0; i < 3; i++) {
      expect(await l.retryAfterSeconds("a")).toBe(0);
      await l.fail("a");
      clock.now += 10_000;
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: the first leaves the window at 60 s.
    expect(await l.retryAfterSeconds("a")).toBe(30);
    expect(await l.retryAfterSeconds("b")).toBe(0);
    clock.now += 29_999;
    expect(await l.retryAfterSeconds("a")).toBe(1);
    clock.now += 1;
    expect(await l.retryAfterSeconds("a")).toBe(0);
  });

  it("slides: one more failure after the window opens blocks until the next oldest leaves", async () => {
    const { clock, limiter: l } = await setup(2, 10_000);
    await l.fail("a"); // t=0
    clock.now += 4_000;
    await l.fail("a"); // t=4
    expect(await l.retryAfterSeconds("a")).toBe(6);
    clock.now += 6_000; // t=10: the first is out
    expect(await l.retryAfterSeconds("a")).toBe(0);
    await l.fail("a"); // t=10
    expect(await l.retryAfterSeconds("a")).toBe(4); // the t=4 failure leaves at 14
  });

  it("rounds a wait up to at least one second", async () => {
    const { clock, limiter: l } = await setup(1, 1_000);
    await l.fail("a");
    clock.now += 999;
    expect(await l.retryAfterSeconds("a")).toBe(1);
  });

  it("forgets failures that left the window, so the table stays as small as one window's failures", async () => {
    const { clock, limiter: l, first } = await setup(5, 1_000);
    for (const key of ["a", "b", "c"]) await l.fail(key);
    clock.now += 2_000;
    await l.fail("d");
    expect(await countAuthFailures(first.db)).toBe(1);
    expect(await l.retryAfterSeconds("a")).toBe(0);
  });

  it("holds across instances: failures counted through one connection refuse the key through another", async () => {
    const { limiter: one, first, make } = await setup(2);
    const second = await openTestDb(first.location);
    opened.push(second);
    const other = make(second);
    await one.fail("prefix-x");
    await other.fail("prefix-x");
    expect(await one.retryAfterSeconds("prefix-x")).toBeGreaterThan(0);
    expect(await other.retryAfterSeconds("prefix-x")).toBeGreaterThan(0);
  });
});
