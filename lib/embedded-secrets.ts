import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The embedded default (SQLite file + emulator) needs an encryption key, an Auth.js secret and
 * the client secret of Rotor's own app registration in the emulator. They are made once, on the
 * first start, into a git-ignored file that only the owner can read; the app and the emulator
 * both read it, so they agree without any hand-made file.
 */
export type EmbeddedSecrets = {
  encryptionKey: string;
  /** Keys that may still open stored values while `rotor encryption rotate-key` re-encrypts them. */
  previousEncryptionKeys?: string[];
  authSecret: string;
  rotorClientSecret: string;
};

export function embeddedSecretsPath(dataDir: string): string {
  return join(dataDir, "secrets.json");
}

export function ensureEmbeddedSecrets(dataDir: string): EmbeddedSecrets {
  const file = embeddedSecretsPath(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700); // it may have been made earlier by a launcher, with the default mode
  const fresh: EmbeddedSecrets = {
    encryptionKey: randomBytes(32).toString("base64"),
    authSecret: randomBytes(32).toString("base64url"),
    rotorClientSecret: `rtr~${randomBytes(30).toString("base64url")}`,
  };
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2), { flag: "wx", mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // Someone else (the emulator or an earlier start) made it: use theirs, and keep it private.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const stored = JSON.parse(readFileSync(file, "utf8")) as Partial<EmbeddedSecrets>;
  if (!stored.encryptionKey || !stored.authSecret || !stored.rotorClientSecret) {
    throw new Error(`${file} is incomplete; delete it to have Rotor make a new one (stored secrets will be unreadable).`);
  }
  return stored as EmbeddedSecrets;
}

/** Replaces the file in one rename, so a crash leaves the old file or the new one, never half. */
function writeEmbeddedSecrets(dataDir: string, secrets: EmbeddedSecrets): void {
  const file = embeddedSecretsPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  renameSync(temporary, file);
}

/** Makes a new encryption key current, keeping the old ones as previous keys. */
export function rotateEmbeddedEncryptionKey(dataDir: string): EmbeddedSecrets {
  const stored = ensureEmbeddedSecrets(dataDir);
  const next: EmbeddedSecrets = {
    ...stored,
    encryptionKey: randomBytes(32).toString("base64"),
    previousEncryptionKeys: [stored.encryptionKey, ...(stored.previousEncryptionKeys ?? [])],
  };
  writeEmbeddedSecrets(dataDir, next);
  return next;
}

/** Forgets the previous keys once every stored value is sealed with the current one. */
export function dropPreviousEmbeddedKeys(dataDir: string): void {
  const { previousEncryptionKeys: _dropped, ...rest } = ensureEmbeddedSecrets(dataDir);
  writeEmbeddedSecrets(dataDir, rest);
}
