import "server-only";
import type { Db } from "@/db";
import { listSealedAccountRows, listSealedChannelSecrets, listSealedPats, writeSealedAccountToken, writeSealedChannelSecret, writeSealedPat } from "@/db/queries/sealed-values";
import { withTransaction } from "@/db/transaction";
import { accountTokenContext, channelSecretContext, patContext } from "./contexts";
import { keyIdOfSealed, needsRekey, open, seal, SecretBoxError, type Keyring } from "./secret-box";

/** One stored sealed value: where it lives (never what it holds) and how to write it back. */
type SealedValue = {
  where: string;
  sealed: string;
  context: string;
  write: (db: Db, sealed: string) => Promise<void>;
};

/** The sealed token columns of `accounts`, each with the name its associated data binds it to. */
const ACCOUNT_TOKENS = { accessTokenSealed: "access_token", refreshTokenSealed: "refresh_token" } as const;
const ACCOUNT_TOKEN_WORDS = { access_token: "access token", refresh_token: "refresh token" } as const;

/**
 * Every sealed column Rotor has, by schema property name, made from what sealedValues walks. A
 * test checks that each column whose name ends in `Sealed` is listed here, so a new one cannot be
 * left out of key rotation.
 */
export const SEALED_COLUMNS = {
  accounts: Object.keys(ACCOUNT_TOKENS) as (keyof typeof ACCOUNT_TOKENS)[],
  tenantDevopsSettings: ["patSealed"] as const,
  notificationChannels: ["secretSealed"] as const,
};

async function sealedValues(db: Db): Promise<SealedValue[]> {
  const values: SealedValue[] = [];
  for (const row of await listSealedAccountRows(db)) {
    const key = { provider: row.provider, providerAccountId: row.providerAccountId };
    for (const column of SEALED_COLUMNS.accounts) {
      const sealed = row[column];
      if (!sealed) continue;
      const name = ACCOUNT_TOKENS[column];
      values.push({
        where: `accounts ${row.provider}/${row.providerAccountId} ${ACCOUNT_TOKEN_WORDS[name]}`,
        sealed,
        context: accountTokenContext(key, name),
        write: (d, resealed) => writeSealedAccountToken(d, { ...key, column, sealed: resealed }),
      });
    }
  }
  for (const row of await listSealedPats(db)) {
    if (!row.patSealed) continue;
    values.push({
      where: `tenant ${row.tenantId} Azure DevOps PAT`,
      sealed: row.patSealed,
      context: patContext(row.tenantId),
      write: (d, resealed) => writeSealedPat(d, { tenantId: row.tenantId, sealed: resealed }),
    });
  }
  for (const row of await listSealedChannelSecrets(db)) {
    if (!row.secretSealed) continue;
    values.push({
      where: `tenant ${row.tenantId} ${row.kind === "email" ? "SMTP password" : "webhook signing secret"} (${row.name})`,
      sealed: row.secretSealed,
      context: channelSecretContext(row.id),
      write: (d, resealed) => writeSealedChannelSecret(d, { channelId: row.id, sealed: resealed }),
    });
  }
  return values;
}

/** How many stored values each key id sealed. */
export async function sealedInventory(db: Db): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const value of await sealedValues(db)) {
    const id = keyIdOfSealed(value.sealed) ?? "unrecognised";
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export class RekeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RekeyError";
  }
}

/**
 * Re-seals every stored value that an older key sealed with the keyring's current key, in one
 * transaction: if any value cannot be opened (its key is not in the keyring, or it was tampered
 * with) nothing is changed and the error says which value, never what it holds.
 */
export async function rekeyStoredValues(db: Db, keyring: Keyring): Promise<{ resealed: number; current: number }> {
  return await withTransaction(db, async (tx) => {
    let resealed = 0;
    let current = 0;
    for (const value of await sealedValues(tx)) {
      if (!needsRekey(keyring, value.sealed)) {
        current++;
        continue;
      }
      let plaintext: string;
      try {
        plaintext = open(keyring, value.sealed, value.context);
      } catch (error) {
        const reason = error instanceof SecretBoxError ? error.message : "it could not be opened";
        throw new RekeyError(`Nothing was changed: the ${value.where} could not be re-encrypted. ${reason}`);
      }
      await value.write(tx, seal(keyring, plaintext, value.context));
      resealed++;
    }
    return { resealed, current };
  });
}
