import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../index";
import { auditLog, type AuditEntry } from "../schema";

export type AuditInput = {
  tenantId: string;
  actor: { type: "user" | "api_key" | "system"; id: string | null; name: string };
  action: string;
  target?: { type: string; id: string };
  /** What changed; callers pass names and flags, never secret values. */
  detail?: Record<string, unknown>;
  at?: Date;
};

export function writeAudit(db: Db, entry: AuditInput): void {
  db.insert(auditLog)
    .values({
      tenantId: entry.tenantId,
      at: entry.at ?? new Date(),
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      actorName: entry.actor.name,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      detail: entry.detail ?? null,
    })
    .run();
}

export function listAudit(db: Db, { tenantId, limit = 100 }: { tenantId: string; limit?: number }): AuditEntry[] {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all();
}
