import { randomInt, timingSafeEqual } from "node:crypto";

/** A password credential as the emulator keeps it; Graph shows everything but `secretText` after addPassword. */
export type StoredCredential = {
  keyId: string;
  displayName: string | null;
  hint: string;
  secretText: string;
  startDateTime: string;
  endDateTime: string;
  /** Epoch ms from which Entra accepts the secret at the token endpoint (creation + propagation delay). */
  usableFrom: number;
  removedAt?: string;
};

export type CredentialState = "pending" | "live" | "expired" | "removed";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SECRET_CHARS = `${ALNUM}-._~`;

const pick = (chars: string, length: number) => Array.from({ length }, () => chars[randomInt(chars.length)]).join("");

/** Entra's client secret shape: 40 characters, three free ones, a digit, `Q~`, then 34 url-safe ones. */
export function newSecretText(): string {
  return `${pick(ALNUM, 3)}${pick("0123456789", 1)}Q~${pick(SECRET_CHARS, 34)}`;
}

export function credentialState(credential: StoredCredential, now = Date.now()): CredentialState {
  if (credential.removedAt) return "removed";
  if (Date.parse(credential.endDateTime) <= now) return "expired";
  // A secret that has not started yet is refused by Entra just like one still propagating.
  if (Date.parse(credential.startDateTime) > now || credential.usableFrom > now) return "pending";
  return "live";
}

/** Constant-time text comparison, so the emulator does not teach timing attacks by example. */
export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
