import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter, UNTRUSTED_ADDRESS, clientAddress } from "@/lib/api/rate-limit";

function limiter(limit = 3, windowMs = 60_000, maxKeys?: number) {
  const clock = { now: 1_000_000 };
  return { clock, limiter: new SlidingWindowLimiter({ limit, windowMs, maxKeys, now: () => clock.now }) };
}

describe("sliding-window failure limiter", () => {
  it("lets a key fail `limit` times, then asks it to wait until its oldest failure leaves the window", () => {
    const { clock, limiter: l } = limiter(3);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterSeconds("a")).toBe(0);
      l.fail("a");
      clock.now += 10_000;
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: the first leaves the window at 60 s.
    expect(l.retryAfterSeconds("a")).toBe(30);
    expect(l.retryAfterSeconds("b")).toBe(0);
    clock.now += 29_999;
    expect(l.retryAfterSeconds("a")).toBe(1);
    clock.now += 1;
    expect(l.retryAfterSeconds("a")).toBe(0);
  });

  it("slides: one more failure after the window opens blocks until the next oldest leaves", () => {
    const { clock, limiter: l } = limiter(2, 10_000);
    l.fail("a"); // t=0
    clock.now += 4_000;
    l.fail("a"); // t=4
    expect(l.retryAfterSeconds("a")).toBe(6);
    clock.now += 6_000; // t=10: the first is out
    expect(l.retryAfterSeconds("a")).toBe(0);
    l.fail("a"); // t=10
    expect(l.retryAfterSeconds("a")).toBe(4); // the t=4 failure leaves at 14
  });

  it("rounds a wait up to at least one second", () => {
    const { clock, limiter: l } = limiter(1, 1_000);
    l.fail("a");
    clock.now += 999;
    expect(l.retryAfterSeconds("a")).toBe(1);
  });

  it("remembers a bounded number of keys, forgetting the least recently failed", () => {
    const { clock, limiter: l } = limiter(1, 60_000, 3);
    for (const key of ["a", "b", "c", "d"]) {
      l.fail(key);
      clock.now += 1;
    }
    expect(l.size).toBe(3);
    expect(l.retryAfterSeconds("a")).toBe(0);
    expect(l.retryAfterSeconds("d")).toBeGreaterThan(0);
  });

  it("forgets keys whose failures are all outside the window", () => {
    const { clock, limiter: l } = limiter(5, 1_000);
    l.fail("a");
    clock.now += 2_000;
    expect(l.retryAfterSeconds("a")).toBe(0);
    expect(l.size).toBe(0);
  });
});

describe("client address", () => {
  const req = (headers: Record<string, string>) => new Request("http://rotor.test/api/v1/rotations/due", { headers });
  it("trusts no forwarded header by default: a client exposed directly cannot pick its address", () => {
    expect(clientAddress(req({ "x-forwarded-for": "198.51.100.7" }), 0)).toBe(UNTRUSTED_ADDRESS);
    expect(clientAddress(req({ "x-real-ip": "192.0.2.1" }), 0)).toBe(UNTRUSTED_ADDRESS);
    expect(clientAddress(req({}), 0)).toBe(UNTRUSTED_ADDRESS);
  });

  it("takes the hop the outermost trusted proxy appended, whatever the client wrote before it", () => {
    expect(clientAddress(req({ "x-forwarded-for": "203.0.113.9, 10.0.0.4" }), 1)).toBe("10.0.0.4");
    expect(clientAddress(req({ "x-forwarded-for": "198.51.100.7" }), 1)).toBe("198.51.100.7");
    // Two proxies (a CDN, then a load balancer): the CDN's entry is second from the end.
    expect(clientAddress(req({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.4" }), 2)).toBe("203.0.113.9");
    // Fewer entries than trusted proxies: the request bypassed them.
    expect(clientAddress(req({ "x-forwarded-for": "198.51.100.7" }), 2)).toBe(UNTRUSTED_ADDRESS);
    expect(clientAddress(req({ "x-real-ip": "192.0.2.1" }), 1)).toBe(UNTRUSTED_ADDRESS);
  });
});
