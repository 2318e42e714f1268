import { describe, expect, it } from "vitest";
import { createLimiter } from "@/lib/concurrency";

const tick = () => new Promise((done) => setTimeout(done, 1));

describe("createLimiter", () => {
  it("never runs more than the limit at once, however the work arrives, and runs all of it", async () => {
    const limit = createLimiter(3);
    let active = 0;
    let most = 0;
    const work = (n: number) =>
      limit(async () => {
        active++;
        most = Math.max(most, active);
        await tick();
        active--;
        return n;
      });
    const first = [1, 2, 3, 4, 5].map(work);
    await tick();
    const later = [6, 7, 8, 9, 10, 11, 12].map(work);
    expect(await Promise.all([...first, ...later])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(most).toBe(3);
    expect(active).toBe(0);
  });

  it("gives a failure to its own caller and frees the slot for the next", async () => {
    const limit = createLimiter(1);
    const failing = limit(async () => {
      throw new Error("boom");
    });
    const next = limit(async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });
});
