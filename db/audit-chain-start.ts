import { asc, eq, isNull } from "drizzle-orm";
import { GENESIS_HASH, hashEntry, type ChainedContent } from "../lib/audit/chain";
import type { Db } from "./index";
import { auditChainHeads, auditLog, type AuditChainHead } from "./schema";

/*
 * The part of the audit chain the database needs when it is opened, beside the migrations (so
 * without `server-only`: the demo's seeding opens the database outside Next). Appending and
 * reading the chain live in queries/audit-chain.ts.
 */

export function getChainHead(db: Db, { tenantId }: { tenantId: string }): AuditChainHead | null {
  return db.select().from(auditChainHeads).where(eq(auditChainHeads.tenantId, tenantId)).get() ?? null;
}

/** Runs `work` in a write transaction: the caller's if there is one, else a new IMMEDIATE one (takes the write lock before reading the head). */
export function inWriteTransaction<T>(db: Db, work: () => T): T {
  return db.$client.inTransaction ? work() : db.$client.transaction(work).immediate();
}

/**
 * Chains the entries written before the chain existed (migration 0005 adds the columns; SQL alone
 * cannot hash). Runs when the database is opened, right after migrating, so the rows are sealed as
 * they were at the upgrade. Only a tenant without a head is chained this way: once its chain has
 * started, an unhashed row is a row Rotor did not write, and `audit verify` reports it.
 */
export function startAuditChains(db: Db): number {
  const pending = db
    .selectDistinct({ tenantId: auditLog.tenantId })
    .from(auditLog)
    .where(isNull(auditLog.hash))
    .all()
    .filter(({ tenantId }) => !getChainHead(db, { tenantId }));
  let chained = 0;
  for (const { tenantId } of pending) {
    inWriteTransaction(db, () => {
      if (getChainHead(db, { tenantId })) return; // another process got there first
      let prev = { seq: 0, hash: GENESIS_HASH };
      for (const row of db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(asc(auditLog.id)).all()) {
        const content: ChainedContent = { ...row, seq: prev.seq + 1, prevHash: prev.hash };
        const hash = hashEntry(content);
        db.update(auditLog).set({ seq: content.seq, prevHash: prev.hash, hash }).where(eq(auditLog.id, row.id)).run();
        prev = { seq: content.seq, hash };
        chained++;
      }
      db.insert(auditChainHeads).values({ tenantId, seq: prev.seq, hash: prev.hash, updatedAt: new Date() }).run();
    });
  }
  return chained;
}
