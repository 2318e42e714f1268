import "server-only";
import { and, asc, count, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { jsonTextField, type Db } from "../index";
import { applications, auditLog, type AuditEntry } from "../schema";
import { withTransaction } from "../transaction";
import { appendChained } from "./audit-chain";

export type AuditInput = {
  tenantId: string;
  actor: { type: "user" | "api_key" | "system"; id: string | null; name: string };
  action: string;
  target?: { type: string; id: string };
  /** What changed; callers pass names and flags, never secret values. */
  detail?: Record<string, unknown>;
  at?: Date;
};

/** Text as SQLite will give it back: a lone surrogate would be stored as U+FFFD and no longer match its hash. */
const stored = (text: string) => text.toWellFormed();
const storedOrNull = (text: string | null | undefined) => (text == null ? null : stored(text));

/**
 * Appends an entry to the tenant's audit chain (lib/audit/chain.ts), in the caller's transaction
 * when there is one, so the entry commits or rolls back with the change it records.
 */
export async function writeAudit(db: Db, entry: AuditInput): Promise<void> {
  // The detail exactly as it will read back (dates as strings, undefined dropped): that is what is hashed.
  const detail = entry.detail === undefined ? null : (JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>);
  await withTransaction(db, (tx) =>
    appendChained(tx, {
      tenantId: entry.tenantId,
      at: new Date((entry.at ?? new Date()).getTime()),
      actorType: entry.actor.type,
      actorId: storedOrNull(entry.actor.id),
      actorName: stored(entry.actor.name),
      action: stored(entry.action),
      targetType: storedOrNull(entry.target?.type),
      targetId: storedOrNull(entry.target?.id),
      detail,
    }),
  );
}

/** The newest entries of a tenant (tests and callers that want a plain list). */
export async function listAudit(db: Db, { tenantId, limit = 100 }: { tenantId: string; limit?: number }): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

/** Who did it: a user or API key by id, Rotor or the command line by name (they have no id). */
export type AuditActorRef = { type: "user" | "api_key" | "system"; id: string | null; name: string };

export type AuditFilter = {
  tenantId: string;
  action?: string;
  actor?: { type: AuditActorRef["type"]; key: string };
  applicationId?: string;
  /** Inclusive lower and exclusive upper bound. */
  from?: Date;
  to?: Date;
};

function where(filter: AuditFilter): SQL {
  const conditions: (SQL | undefined)[] = [eq(auditLog.tenantId, filter.tenantId)];
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actor) {
    const { type, key } = filter.actor;
    conditions.push(eq(auditLog.actorType, type), type === "system" ? and(isNull(auditLog.actorId), eq(auditLog.actorName, key)) : eq(auditLog.actorId, key));
  }
  if (filter.applicationId) conditions.push(eq(auditLog.targetType, "application"), eq(auditLog.targetId, filter.applicationId));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lt(auditLog.at, filter.to));
  return and(...conditions)!;
}

/** One page of the tenant's entries matching the filter, newest first, and how many match in all. */
export async function searchAudit(db: Db, filter: AuditFilter, { offset, limit }: { offset: number; limit: number }): Promise<{ entries: AuditEntry[]; total: number }> {
  const condition = where(filter);
  const [counted] = await db.select({ n: count() }).from(auditLog).where(condition);
  const entries = await db.select().from(auditLog).where(condition).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit).offset(offset);
  return { entries, total: counted?.n ?? 0 };
}

/** Every entry matching the filter, oldest first (the order of the chain), up to `limit` + 1 so a caller can tell there were more. */
export async function exportAudit(db: Db, filter: AuditFilter, { limit }: { limit: number }): Promise<AuditEntry[]> {
  return db.select().from(auditLog).where(where(filter)).orderBy(asc(auditLog.seq), asc(auditLog.id)).limit(limit + 1);
}

/** The actors that appear in the tenant's log, for the filter (a user renamed in Entra ID is listed once, under one of their names). */
export async function listAuditActors(db: Db, { tenantId }: { tenantId: string }): Promise<AuditActorRef[]> {
  const actors = await db
    .select({ type: auditLog.actorType, id: auditLog.actorId, name: sql<string>`max(${auditLog.actorName})` })
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .groupBy(auditLog.actorType, auditLog.actorId, sql`case when ${auditLog.actorId} is null then ${auditLog.actorName} end`);
  return actors.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The applications the filter offers: those under Rotor now, and those the log names that have
 * since been removed (by the name their entries recorded).
 */
export async function listAuditApplications(db: Db, { tenantId }: { tenantId: string }): Promise<{ id: string; name: string }[]> {
  const current = await db.select({ id: applications.id, name: applications.displayName }).from(applications).where(eq(applications.tenantId, tenantId));
  const logged = await db
    .select({
      id: sql<string>`${auditLog.targetId}`,
      name: sql<string | null>`max(coalesce(${jsonTextField(auditLog.detail, "application")}, ${jsonTextField(auditLog.detail, "displayName")}))`,
    })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.targetType, "application")))
    .groupBy(auditLog.targetId);
  const byId = new Map(logged.map((a) => [a.id, { id: a.id, name: a.name ? `${a.name} (removed)` : `Removed application ${a.id.slice(0, 8)}…` }]));
  for (const a of current) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The actions that occur in the tenant's log. */
export async function listAuditActions(db: Db, { tenantId }: { tenantId: string }): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).where(eq(auditLog.tenantId, tenantId));
  return rows.map((r) => r.action);
}
