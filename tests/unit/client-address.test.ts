import { describe, expect, it } from "vitest";
import { UNTRUSTED_ADDRESS, clientAddress } from "@/lib/api/rate-limit";

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
