import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Encryption at rest for every secret Rotor stores (PATs, provider tokens).
 *
 * Stored form: `v1.<keyId>.<nonce>.<ciphertext+tag>` (base64url parts). The key id is derived
 * from the key itself, so a keyring can hold the current key and the previous ones while a
 * rotation re-encrypts old values. The optional `context` is bound as associated data, so a
 * ciphertext copied into another row or column fails to open.
 */

const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

export type Keyring = {
  /** Key used for new values. */
  current: { id: string; key: Buffer };
  /** Every key that may open a stored value, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
};

export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/** Parses a base64 (or base64url) 32-byte key; the error names the setting, never the value. */
export function parseKey(encoded: string, settingName: string): Buffer {
  const trimmed = encoded.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new SecretBoxError(`${settingName} must be a base64-encoded 32-byte key.`);
  }
  const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(
      `${settingName} must decode to exactly 32 bytes (it decodes to ${key.length}); generate one with \`openssl rand -base64 32\`.`,
    );
  }
  return key;
}

export function createKeyring(current: Buffer, previous: readonly Buffer[] = []): Keyring {
  const byId = new Map<string, Buffer>();
  for (const key of [current, ...previous]) byId.set(keyIdOf(key), key);
  return { current: { id: keyIdOf(current), key: current }, byId };
}

export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function seal(keyring: Keyring, plaintext: string, context = ""): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyring.current.key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, keyring.current.id, nonce.toString("base64url"), body.toString("base64url")].join(".");
}

export function open(keyring: Keyring, sealed: string, context = ""): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new SecretBoxError("Stored secret is not in a format Rotor recognises.");
  }
  const [, keyId, nonceText, bodyText] = parts as [string, string, string, string];
  const key = keyring.byId.get(keyId);
  if (!key) {
    throw new SecretBoxError(
      `Stored secret was encrypted with key ${keyId}, which is not configured (set it in ROTOR_ENCRYPTION_PREVIOUS_KEYS while rotating).`,
    );
  }
  const nonce = Buffer.from(nonceText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
    throw new SecretBoxError("Stored secret is truncated.");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("Stored secret failed its integrity check (tampered, or opened with the wrong key).");
  }
}

export function keyIdOfSealed(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 4 && parts[0] === VERSION ? parts[1]! : null;
}

/** True when the value is sealed with an older key and should be re-encrypted. */
export function needsRekey(keyring: Keyring, sealed: string): boolean {
  return keyIdOfSealed(sealed) !== keyring.current.id;
}
