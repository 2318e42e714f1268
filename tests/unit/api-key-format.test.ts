import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearerKey, generateApiKey, hashApiKey, parseApiKey, randomBase62, sameHash } from "@/lib/api-keys/format";

describe("API key format", () => {
  it("generates rtr_<8-char prefix>_<43-char secret> in base62, with its display prefix and SHA-256", () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^rtr_[0-9A-Za-z]{8}_[0-9A-Za-z]{43}$/);
    expect(prefix).toBe(key.slice(0, 12));
    expect(hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(hash).not.toContain(key.slice(13));
  });

  it("never repeats a key or a prefix in practice", () => {
    const keys = Array.from({ length: 2000 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(2000);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(2000);
  });

  it("draws base62 characters without bias", () => {
    const counts = new Map<string, number>();
    for (const c of randomBase62(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 1000 expected per character; a modulo bias on 256 would put '0'–'7' near 1.2× the rest.
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(820);
      expect(n).toBeLessThan(1180);
    }
  });

  it("hashes the whole key", () => {
    expect(hashApiKey("rtr_abcdefgh_x")).toBe(createHash("sha256").update("rtr_abcdefgh_x").digest("hex"));
    expect(hashApiKey("a")).not.toBe(hashApiKey("b"));
  });

  it("parses the display prefix of a well-formed key only", () => {
    const { key, prefix } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ prefix });
    for (const bad of ["", "rtr_", "rtr_abc_def", `xyz_${key.slice(4)}`, `${key} `, `${key.slice(0, 12)}-${key.slice(13)}`, `rtr_abcdefgh_${"a".repeat(31)}`, `rtr_abcdefgh_${"a".repeat(200)}`, `rtr_abcd-fgh_${"a".repeat(43)}`]) {
      expect(parseApiKey(bad), bad).toBeNull();
    }
  });

  it("compares hashes in constant time and refuses anything that is not a SHA-256 hex digest", () => {
    const h = hashApiKey("one");
    expect(sameHash(h, hashApiKey("one"))).toBe(true);
    expect(sameHash(h, hashApiKey("two"))).toBe(false);
    expect(sameHash(h, h.slice(0, 63))).toBe(false);
    expect(sameHash(h, h.toUpperCase())).toBe(false);
    expect(sameHash("", "")).toBe(false);
  });

  it("reads the key from an Authorization header", () => {
    const { key, prefix } = generateApiKey();
    expect(bearerKey(`Bearer ${key}`)).toEqual({ key, prefix });
    expect(bearerKey(`bearer ${key}`)).toEqual({ key, prefix });
    expect(bearerKey(null)).toBe("missing");
    expect(bearerKey("  ")).toBe("missing");
    expect(bearerKey(key)).toBe("malformed");
    expect(bearerKey(`Basic ${key}`)).toBe("malformed");
    expect(bearerKey("Bearer not-a-rotor-key")).toBe("malformed");
    expect(bearerKey(`Bearer ${key} extra`)).toBe("malformed");
  });
});
