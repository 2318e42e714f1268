import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Scheduler API keys look like `rtr_<8-char prefix>_<43-char secret>`, both parts base62 (so the
 * underscores separate them unambiguously). The prefix is for people: it is shown in the list and
 * is not secret. The secret part carries about 256 random bits. Rotor stores only the SHA-256 of
 * the whole key (a slow hash buys nothing at this entropy) and the display prefix `rtr_xxxxxxxx`.
 */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const KEY_PREFIX_LENGTH = 8;
export const KEY_SECRET_LENGTH = 43;
const KEY_PATTERN = /^rtr_([0-9A-Za-z]{8})_([0-9A-Za-z]{32,128})$/;

/** Uniform base62 characters: bytes ≥ 248 are dropped so `% 62` has no bias. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= 248) continue;
      out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export type GeneratedKey = {
  /** The whole key: shown once to whoever created it, never stored. */
  key: string;
  /** `rtr_xxxxxxxx`, stored and shown in lists. */
  prefix: string;
  /** SHA-256 of the whole key, hex: what the database keeps. */
  hash: string;
};

export function generateApiKey(): GeneratedKey {
  const short = randomBase62(KEY_PREFIX_LENGTH);
  const key = `rtr_${short}_${randomBase62(KEY_SECRET_LENGTH)}`;
  return { key, prefix: `rtr_${short}`, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The display prefix of a well-formed key, or null when the text is not a Rotor API key. */
export function parseApiKey(key: string): { prefix: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: `rtr_${match[1]}` } : null;
}

/** Constant-time equality of two hex SHA-256 digests (false for anything that is not one). */
export function sameHash(a: string, b: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(a) || !/^[0-9a-f]{64}$/.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}

/**
 * The key from an `Authorization: Bearer <key>` header: `missing` without the header, `malformed`
 * when it is not a bearer Rotor key (the scheme is case-insensitive, per RFC 6750).
 */
export function bearerKey(header: string | null): { key: string; prefix: string } | "missing" | "malformed" {
  if (header === null || header.trim() === "") return "missing";
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) return "malformed";
  const parsed = parseApiKey(match[1]!);
  return parsed ? { key: match[1]!, prefix: parsed.prefix } : "malformed";
}
