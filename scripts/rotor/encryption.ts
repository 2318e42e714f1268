import { closeDatabase, getDb } from "@/db";
import { RekeyError, rekeyStoredValues, sealedInventory } from "@/lib/crypto/rekey";
import { createKeyring, parseKey } from "@/lib/crypto/secret-box";
import { dropPreviousEmbeddedKeys, previousKeysStillNeeded, rotateEmbeddedEncryptionKey } from "@/lib/embedded-secrets";
import { env } from "@/lib/env";
import { fail, failWithUsage, printTable } from "./output";

/**
 * `rotor encryption status|rekey|rotate-key`: rotating the key that seals stored secrets. Only
 * key ids are ever printed, never a key or a stored value.
 */
export async function encryptionCommand(command: string): Promise<void> {
  const db = await getDb();
  try {
    switch (command) {
      case "status":
        return await status(db);
      case "rekey":
        return await rekey(db);
      case "rotate-key":
        return await rotateKey(db);
      default:
        failWithUsage(`Unknown command "encryption ${command}".`);
    }
  } finally {
    closeDatabase(db);
  }
}

type Db = Awaited<ReturnType<typeof getDb>>;

async function status(db: Db): Promise<void> {
  const { keyring } = env();
  const inventory = await sealedInventory(db);
  const ids = new Set([...keyring.byId.keys(), ...inventory.keys()]);
  const rows = [...ids].map((id) => [
    id,
    id === keyring.current.id ? "current" : keyring.byId.has(id) ? "previous" : "not configured",
    String(inventory.get(id) ?? 0),
  ]);
  printTable(["key id", "key", "stored secrets"], rows);
  const stale = [...inventory].filter(([id]) => id !== keyring.current.id).reduce((n, [, count]) => n + count, 0);
  console.log(stale ? `\n${stale} stored secret(s) still use an older key: run \`encryption rekey\`.` : "\nEvery stored secret uses the current key.");
}

async function rekey(db: Db): Promise<void> {
  const e = env();
  const { keyring } = e;
  const { resealed, current } = await run(() => rekeyStoredValues(db, keyring));
  console.log(`Re-encrypted ${resealed} stored secret(s) with key ${keyring.current.id}; ${current} already used it.`);
  if (keyring.byId.size <= 1) return;
  if (e.profile !== "embedded" || process.env.ROTOR_ENCRYPTION_KEY) {
    console.log("Once every Rotor instance runs with the new key, remove ROTOR_ENCRYPTION_PREVIOUS_KEYS.");
  } else if (previousKeysStillNeeded(e.dataDir, keyring.current.id)) {
    console.log("Kept the previous key: Rotor has not restarted with the new key yet, and a server from before still seals with the old one. Restart Rotor, then run `encryption rekey` again.");
  } else {
    dropPreviousEmbeddedKeys(e.dataDir);
    console.log("Rotor runs with the new key and every stored secret uses it: the previous key is forgotten.");
  }
}

async function rotateKey(db: Db): Promise<void> {
  const e = env();
  if (e.profile !== "embedded" || process.env.ROTOR_ENCRYPTION_KEY) {
    fail(
      "rotate-key changes the key the embedded default keeps in its data folder. Your key comes from ROTOR_ENCRYPTION_KEY: " +
        "set the new key there, the old one in ROTOR_ENCRYPTION_PREVIOUS_KEYS, restart Rotor, then run `encryption rekey`.",
    );
  }
  const next = rotateEmbeddedEncryptionKey(e.dataDir);
  const keyring = createKeyring(
    parseKey(next.encryptionKey, "encryptionKey"),
    (next.previousEncryptionKeys ?? []).map((key) => parseKey(key, "previousEncryptionKeys")),
  );
  const { resealed, current } = await run(
    () => rekeyStoredValues(db, keyring),
    " The new key is in place beside the old one, so Rotor still opens every value; fix the one named and run `encryption rekey`.",
  );
  console.log(`New encryption key ${keyring.current.id}: re-encrypted ${resealed} stored secret(s)${current ? `, ${current} already used it` : ""}.`);
  console.log(
    "Restart Rotor, then run `encryption rekey`: a running instance still seals with the old key, so the old key is kept until a rekey after the restart.",
  );
}

async function run<T>(work: () => Promise<T>, afterFailure = ""): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RekeyError) fail(error.message + afterFailure);
    throw error;
  }
}
