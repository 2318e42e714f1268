import { describe, expect, it } from "vitest";
import { LookupCache, personKey } from "@/lib/azure/devops/lookup-cache";

describe("LookupCache", () => {
  it("keeps at most its bound, dropping the least recently used answer first", async () => {
    const cache = new LookupCache(60_000, 3);
    let loads = 0;
    const load = (value: string) => () => Promise.resolve(`${value}:${++loads}`);
    await cache.get("a", load("a"));
    await cache.get("b", load("b"));
    await cache.get("c", load("c"));
    await cache.get("a", load("a")); // used again: now the most recent
    await cache.get("d", load("d")); // pushes out b, the least recently used
    expect(cache.size).toBe(3);
    expect(await cache.get("a", load("a"))).toBe("a:1");
    expect(await cache.get("b", load("b"))).toBe("b:5");
  });

  it("forgets one person's answers and keeps everyone else's", async () => {
    const cache = new LookupCache();
    await cache.get(personKey("ada", "projects"), () => Promise.resolve(1));
    await cache.get(personKey("ada|x", "projects"), () => Promise.resolve(2));
    await cache.get(personKey("bob", "projects"), () => Promise.resolve(3));
    cache.forgetPerson("ada");
    expect(cache.size).toBe(2);
  });

  it("keys cannot collide across people or parts", () => {
    expect(personKey("a|b", "c")).not.toBe(personKey("a", "b|c"));
  });
});
