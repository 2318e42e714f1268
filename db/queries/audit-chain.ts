import "server-only";
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import { GENESIS_HASH, hashEntry, type ChainedContent } from "@/lib/audit/chain";
import { getChainHead } from "../audit-chain-start";
import type { Db } from "../index";
import { auditChainHeads, auditLog, tenants, type AuditEntry } from "../schema";

export { getChainHead, inWriteTransaction } from "../audit-chain-start";

/** An entry as it is about to be chained: everything but its place in the chain. */
export type UnchainedContent = Omit<ChainedContent, "seq" | "prevHash" | "actorType"> & { actorType: AuditEntry["actorType"] };

/**
 * Serialises the writers of one tenant's chain, inside the caller's write transaction. SQLite
 * has one writer at a time and writeAudit opens its transaction IMMEDIATE, so this is a no-op
 * here. A PostgreSQL engine takes the tenant's lock at this point (`select … from
 * audit_chain_heads where tenant_id = $1 for update`, or `pg_advisory_xact_lock`), before the
 * head is read. Either way the unique (tenant_id, seq) index refuses a fork.
 */
function lockTenantChain(_db: Db, _tenantId: string): void {}

/**
 * Where the next entry goes: after the head, so entries removed from the end leave a gap that
 * `audit verify` reports; after the last row when that is further on (the head row was lost or
 * is behind), so a damaged database never stops Rotor from recording.
 */
function chainEnd(db: Db, tenantId: string): { seq: number; hash: string } {
  const head = getChainHead(db, { tenantId });
  const last = db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), isNotNull(auditLog.seq)))
    .orderBy(desc(auditLog.seq))
    .limit(1)
    .get();
  if (last?.seq != null && last.seq > (head?.seq ?? 0)) return { seq: last.seq, hash: last.hash ?? GENESIS_HASH };
  return head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** Appends one entry after the tenant's head and moves the head; call inside inWriteTransaction. */
export function appendChained(db: Db, content: UnchainedContent): AuditEntry {
  lockTenantChain(db, content.tenantId);
  const prev = chainEnd(db, content.tenantId);
  const chained = { ...content, seq: prev.seq + 1, prevHash: prev.hash };
  const hash = hashEntry(chained);
  const row = db
    .insert(auditLog)
    .values({ ...chained, hash })
    .returning()
    .get();
  db.insert(auditChainHeads)
    .values({ tenantId: content.tenantId, seq: chained.seq, hash, updatedAt: new Date() })
    .onConflictDoUpdate({ target: auditChainHeads.tenantId, set: { seq: chained.seq, hash, updatedAt: new Date() } })
    .run();
  return row;
}

/** Every tenant that has an audit entry or a chain head (a head without entries means all were removed). */
export function listChainTenants(db: Db): { id: string; name: string }[] {
  return db
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    .where(sql`exists (select 1 from audit_log a where a.tenant_id = ${tenants.id}) or exists (select 1 from audit_chain_heads h where h.tenant_id = ${tenants.id})`)
    .orderBy(asc(tenants.name))
    .all();
}

/** The tenant's entries in chain order, one at a time (a log can be long). Rows missing a seq come first: they break the chain. */
export function* iterateChain(db: Db, { tenantId }: { tenantId: string }): Generator<AuditEntry> {
  const statement = db.$client.prepare(
    `select id, tenant_id, at, actor_type, actor_id, actor_name, action, target_type, target_id, detail, seq, prev_hash, hash
       from audit_log where tenant_id = ? order by seq is not null, seq, id`,
  );
  for (const r of statement.iterate(tenantId) as Iterable<Record<string, unknown>>) {
    yield {
      id: r.id as number,
      tenantId: r.tenant_id as string,
      at: new Date(r.at as number),
      actorType: r.actor_type as AuditEntry["actorType"],
      actorId: r.actor_id as string | null,
      actorName: r.actor_name as string,
      action: r.action as string,
      targetType: r.target_type as string | null,
      targetId: r.target_id as string | null,
      detail: parseDetail(r.detail),
      seq: r.seq as number | null,
      prevHash: r.prev_hash as string | null,
      hash: r.hash as string | null,
    };
  }
}

/** Detail as drizzle reads it; text that is no longer JSON (edited by hand) is kept as text, so its hash fails. */
function parseDetail(text: unknown): Record<string, unknown> | null {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(String(text)) as Record<string, unknown>;
  } catch {
    return { unparseable: String(text) };
  }
}
