import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Generic webhook deliveries are signed like this, so a receiver can check they come from Rotor
 * and are fresh:
 *   X-Rotor-Timestamp: <unix seconds>
 *   X-Rotor-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
 * The timestamp is inside the signed text, so an old delivery replayed with a new timestamp
 * fails; a receiver refuses timestamps older than a few minutes.
 */
export const SIGNATURE_HEADER = "x-rotor-signature";
export const TIMESTAMP_HEADER = "x-rotor-timestamp";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signBody(secret: string, body: string, timestamp: number): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does; exported for the tests and the README's example. */
export function verifySignature(
  secret: string,
  { body, signature, timestamp, now = Date.now(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: { body: string; signature: string; timestamp: string; now?: number; toleranceSeconds?: number },
): boolean {
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signBody(secret, body, seconds));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
