import { asc, eq, isNull } from "drizzle-orm";
import { GENESIS_HASH, hashEntry, type ChainedContent } from "../../lib/audit/chain";
import type { Db } from "../index";
import { auditChainHeads, auditLog, type AuditChainHead } from "../schema";
import { withTransaction } from "../transaction";

/*
 * The part of the audit chain the database needs when it is opened, beside the migrations (so
 * without `server-only`: the demo's seeding opens the database outside Next). Appending and
 * reading the chain live in audit-chain.ts.
 */

export async function getChainHead(db: Db, { tenantId }: { tenantId: string }): Promise<AuditChainHead | null> {
  const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.tenantId, tenantId)).limit(1);
  return head ?? null;
}

/**
 * Chains the entries written before the chain existed (migration 0005 adds the columns; SQL alone
 * cannot hash). Runs when the database is opened, right after migrating, so the rows are sealed as
 * they were at the upgrade. Only a tenant without a head is chained this way: once its chain has
 * started, an unhashed row is a row Rotor did not write, and `audit verify` reports it.
 */
export async function startAuditChains(db: Db): Promise<number> {
  const unchained = await db.selectDistinct({ tenantId: auditLog.tenantId }).from(auditLog).where(isNull(auditLog.hash));
  let chained = 0;
  for (const { tenantId } of unchained) {
    await withTransaction(db, async (tx) => {
      if (await getChainHead(tx, { tenantId })) return; // chained already, or another process got there first
      let prev = { seq: 0, hash: GENESIS_HASH };
      for (const row of await tx.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(asc(auditLog.id))) {
        const content: ChainedContent = { ...row, seq: prev.seq + 1, prevHash: prev.hash };
        const hash = hashEntry(content);
        await tx.update(auditLog).set({ seq: content.seq, prevHash: prev.hash, hash }).where(eq(auditLog.id, row.id));
        prev = { seq: content.seq, hash };
        chained++;
      }
      await tx.insert(auditChainHeads).values({ tenantId, seq: prev.seq, hash: prev.hash, updatedAt: new Date() });
    });
  }
  return chained;
}
