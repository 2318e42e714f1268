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
  /**
   * Keys that still open stored values after `rotor encryption rotate-key`: a server started
   * before it keeps sealing with the old key until it restarts, so they stay until a `rekey` after
   * such a restart.
   */
  previousEncryptionKeys?: string[];
  /** When rotate-key last made a new key (ISO time). */
  rotatedAt?: string;
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
export function rotateEmbeddedEncryptionKey(dataDir: string, now = new Date()): EmbeddedSecrets {
  const stored = ensureEmbeddedSecrets(dataDir);
  const next: EmbeddedSecrets = {
    ...stored,
    encryptionKey: randomBytes(32).toString("base64"),
    previousEncryptionKeys: [stored.encryptionKey, ...(stored.previousEncryptionKeys ?? [])],
    rotatedAt: now.toISOString(),
  };
  writeEmbeddedSecrets(dataDir, next);
  return next;
}

/** Forgets the previous keys once every stored value is sealed with the current one. */
export function dropPreviousEmbeddedKeys(dataDir: string): void {
  const { previousEncryptionKeys: _dropped, rotatedAt: _when, ...rest } = ensureEmbeddedSecrets(dataDir);
  writeEmbeddedSecrets(dataDir, rest);
}

/** Which key the last server start sealed with, and when: key ids only, nothing secret. */
type ServerStart = { keyId: string; startedAt: string };
const serverStartPath = (dataDir: string) => join(dataDir, "server-start.json");

/** Recorded by the server at start-up on the embedded default, for `encryption rekey` to read. */
export function recordServerStart(dataDir: string, keyId: string, now = new Date()): void {
  const start: ServerStart = { keyId, startedAt: now.toISOString() };
  const temporary = `${serverStartPath(dataDir)}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(start), { mode: 0o600 });
  renameSync(temporary, serverStartPath(dataDir));
}

/**
 * May the previous embedded keys go? Only once Rotor has started with the current key after the
 * last rotate-key: a server from before still seals with the old key.
 */
export function previousKeysStillNeeded(dataDir: string, currentKeyId: string): boolean {
  const { previousEncryptionKeys, rotatedAt } = ensureEmbeddedSecrets(dataDir);
  if (!previousEncryptionKeys?.length) return false;
  let start: ServerStart;
  try {
    start = JSON.parse(readFileSync(serverStartPath(dataDir), "utf8")) as ServerStart;
  } catch {
    return true; // no server has recorded a start: one from before may still be running
  }
  return start.keyId !== currentKeyId || !rotatedAt || start.startedAt < rotatedAt;
}
