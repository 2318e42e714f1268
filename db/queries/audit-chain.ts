import "server-only";
import { and, asc, desc, eq, getTableColumns, isNotNull, sql } from "drizzle-orm";
import { GENESIS_HASH, hashEntry, type ChainedContent } from "@/lib/audit/chain";
import type { Db } from "../index";
import { auditChainHeads, auditLog, tenants, type AuditEntry } from "../schema";
import { getChainHead } from "./audit-chain-upgrade";

export { getChainHead } from "./audit-chain-upgrade";

/** An entry as it is about to be chained: everything but its place in the chain. */
export type UnchainedContent = Omit<ChainedContent, "seq" | "prevHash" | "actorType"> & { actorType: AuditEntry["actorType"] };

/**
 * Serialises the writers of one tenant's chain, inside the caller's write transaction. SQLite
 * has one writer at a time and withTransaction opens its transaction IMMEDIATE, so this is a no-op
 * here. A PostgreSQL engine takes the tenant's lock at this point (`select … from
 * audit_chain_heads where tenant_id = $1 for update`, or `pg_advisory_xact_lock`), before the
 * head is read. Either way the unique (tenant_id, seq) index refuses a fork.
 */
async function lockTenantChain(_db: Db, _tenantId: string): Promise<void> {}

/**
 * Where the next entry goes: after the head, so entries removed from the end leave a gap that
 * `audit verify` reports; after the last row when that is further on (the head row was lost or
 * is behind), so a damaged database never stops Rotor from recording.
 */
async function chainEnd(db: Db, tenantId: string): Promise<{ seq: number; hash: string }> {
  const head = await getChainHead(db, { tenantId });
  const [last] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), isNotNull(auditLog.seq)))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  if (last?.seq != null && last.seq > (head?.seq ?? 0)) return { seq: last.seq, hash: last.hash ?? GENESIS_HASH };
  return head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** Appends one entry after the tenant's head and moves the head; call inside withTransaction. */
export async function appendChained(db: Db, content: UnchainedContent): Promise<AuditEntry> {
  await lockTenantChain(db, content.tenantId);
  const prev = await chainEnd(db, content.tenantId);
  const chained = { ...content, seq: prev.seq + 1, prevHash: prev.hash };
  const hash = hashEntry(chained);
  const [row] = await db
    .insert(auditLog)
    .values({ ...chained, hash })
    .returning();
  await db
    .insert(auditChainHeads)
    .values({ tenantId: content.tenantId, seq: chained.seq, hash, updatedAt: new Date() })
    .onConflictDoUpdate({ target: auditChainHeads.tenantId, set: { seq: chained.seq, hash, updatedAt: new Date() } });
  return row!;
}

/** Every tenant that has an audit entry or a chain head (a head without entries means all were removed). */
export async function listChainTenants(db: Db): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    .where(sql`exists (select 1 from audit_log a where a.tenant_id = ${tenants.id}) or exists (select 1 from audit_chain_heads h where h.tenant_id = ${tenants.id})`)
    .orderBy(asc(tenants.name));
}

const CHAIN_PAGE = 500;

/** The tenant's entries in chain order, a page at a time (a log can be long). Rows missing a seq come first: they break the chain. */
export async function* iterateChain(db: Db, { tenantId }: { tenantId: string }): AsyncGenerator<AuditEntry> {
  // The detail as stored text, parsed here: text edited by hand into something that is not JSON must reach verify, not throw.
  const { detail: _parsed, ...columns } = getTableColumns(auditLog);
  for (let offset = 0; ; offset += CHAIN_PAGE) {
    const page = await db
      .select({ ...columns, detailText: sql<string | null>`${auditLog.detail}` })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenantId))
      .orderBy(sql`${auditLog.seq} is not null`, asc(auditLog.seq), asc(auditLog.id))
      .limit(CHAIN_PAGE)
      .offset(offset);
    for (const { detailText, ...row } of page) yield { ...row, detail: parseDetail(detailText) };
    if (page.length < CHAIN_PAGE) return;
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
