import "server-only";
import type { Db } from "@/db";
import { getChainHead, iterateChain, listChainTenants } from "@/db/queries/audit-chain";
import type { AuditEntry } from "@/db/schema";
import { GENESIS_HASH, hashEntry } from "./chain";

/** The entry a chain breaks at, and why, in words an operator can act on. */
export type ChainBreak = {
  /** The row's id in audit_log; null when the break is that entries are missing from the end. */
  entryId: number | null;
  seq: number | null;
  at: Date | null;
  action: string | null;
  actorName: string | null;
  reason: string;
};

export type ChainReport = {
  tenantId: string;
  entries: number;
  /** The newest entry's position and hash (keep it elsewhere to anchor the log). */
  head: { seq: number; hash: string } | null;
  broken: ChainBreak | null;
};

const at = (entry: AuditEntry, reason: string): ChainBreak => ({
  entryId: entry.id,
  seq: entry.seq,
  at: entry.at,
  action: entry.action,
  actorName: entry.actorName,
  reason,
});

/**
 * Walks one tenant's chain from its first entry and stops at the first that does not hold: a row
 * without a hash or position, a gap or repeat in the positions (entries removed or moved), a hash
 * that does not match the content (the entry was edited), or a link to a hash other than the
 * previous entry's. Then compares the end with the recorded head (entries removed from the end).
 */
export async function verifyTenantChain(db: Db, { tenantId }: { tenantId: string }): Promise<ChainReport> {
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let broken: ChainBreak | null = null;
  for await (const entry of iterateChain(db, { tenantId })) {
    entries++;
    if (broken) continue; // keep counting
    if (entry.seq === null || entry.hash === null || entry.prevHash === null) {
      broken = at(entry, "it has no place in the chain: it was not written by Rotor");
    } else if (entry.seq !== expected) {
      broken = at(
        entry,
        entry.seq > expected
          ? `the entr${entry.seq - expected === 1 ? "y" : "ies"} before it (#${expected}${entry.seq - expected > 1 ? `–#${entry.seq - 1}` : ""}) ${entry.seq - expected === 1 ? "is" : "are"} missing`
          : `its position #${entry.seq} repeats or goes back (expected #${expected}): entries were moved`,
      );
    } else if (hashEntry({ ...entry, seq: entry.seq, prevHash: entry.prevHash }) !== entry.hash) {
      broken = at(entry, "its content does not match its hash: it was changed after it was written");
    } else if (entry.prevHash !== prevHash) {
      broken = at(entry, `it does not follow entry #${expected - 1}: that entry was replaced, or this one was moved`);
    } else {
      prevHash = entry.hash;
      expected++;
    }
  }
  const head = await getChainHead(db, { tenantId });
  if (!broken && head && (head.seq !== expected - 1 || head.hash !== prevHash)) {
    broken = {
      entryId: null,
      seq: head.seq,
      at: null,
      action: null,
      actorName: null,
      reason:
        head.seq > expected - 1
          ? `the log ends at #${expected - 1} but Rotor recorded #${head.seq} as its newest entry: the newest entries were removed`
          : `the newest entry #${expected - 1} is not the one Rotor recorded: it was replaced`,
    };
  }
  if (!broken && !head && entries > 0) {
    broken = { entryId: null, seq: null, at: null, action: null, actorName: null, reason: "Rotor's record of the newest entry is missing, so entries removed from the end would not show" };
  }
  return { tenantId, entries, head: !broken && expected > 1 ? { seq: expected - 1, hash: prevHash } : null, broken };
}

/** Every tenant's chain, for `rotor audit verify`. */
export async function verifyAllChains(db: Db): Promise<(ChainReport & { tenantName: string })[]> {
  const reports: (ChainReport & { tenantName: string })[] = [];
  for (const tenant of await listChainTenants(db)) reports.push({ ...(await verifyTenantChain(db, { tenantId: tenant.id })), tenantName: tenant.name });
  return reports;
}
