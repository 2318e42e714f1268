import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "../index";
import { accounts, notificationChannels, tenantDevopsSettings } from "../schema";
import { withTransaction } from "../transaction";

/*
 * The rows that hold sealed values, for re-encryption under a new key (lib/crypto/rekey.ts).
 * The values stay sealed here: only the rekey opens and seals them.
 */

export type AccountTokenColumn = "accessTokenSealed" | "refreshTokenSealed";

export async function listSealedAccountRows(db: Db) {
  return db
    .select({
      provider: accounts.provider,
      providerAccountId: accounts.providerAccountId,
      accessTokenSealed: accounts.accessTokenSealed,
      refreshTokenSealed: accounts.refreshTokenSealed,
    })
    .from(accounts);
}

export async function listSealedPats(db: Db): Promise<{ tenantId: string; patSealed: string | null }[]> {
  return db.select({ tenantId: tenantDevopsSettings.tenantId, patSealed: tenantDevopsSettings.patSealed }).from(tenantDevopsSettings);
}

export async function writeSealedAccountToken(
  db: Db,
  { provider, providerAccountId, column, sealed }: { provider: string; providerAccountId: string; column: AccountTokenColumn; sealed: string },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx
      .update(accounts)
      .set({ [column]: sealed })
      .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)));
  });
}

export async function writeSealedPat(db: Db, { tenantId, sealed }: { tenantId: string; sealed: string }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.update(tenantDevopsSettings).set({ patSealed: sealed }).where(eq(tenantDevopsSettings.tenantId, tenantId));
  });
}

export async function listSealedChannelSecrets(db: Db) {
  return db
    .select({ id: notificationChannels.id, tenantId: notificationChannels.tenantId, kind: notificationChannels.kind, name: notificationChannels.name, secretSealed: notificationChannels.secretSealed })
    .from(notificationChannels);
}

export async function writeSealedChannelSecret(db: Db, { channelId, sealed }: { channelId: string; sealed: string }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.update(notificationChannels).set({ secretSealed: sealed }).where(eq(notificationChannels.id, channelId));
  });
}
