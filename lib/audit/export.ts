import "server-only";
import type { Db } from "@/db";
import { exportAudit } from "@/db/queries/audit";
import { getTenant } from "@/db/queries/tenants";
import { AppError } from "@/lib/errors";
import type { AuditFilterValues } from "@/lib/validations/audit";
import { assertAuditReader, auditFilterOptions, toQuery, type AuditReader } from "./search";
import { actionLabel, applicationOf, describeDetail } from "./labels";
import { verifyTenantChain } from "./verify";

/** An export bigger than this asks for a shorter range (it is built in memory). */
export const EXPORT_LIMIT = 50_000;

export type AuditExport = { filename: string; contentType: string; body: string; entries: number };

/**
 * The tenant's entries matching the filter, oldest first, as CSV or JSON, with each entry's
 * position and hashes and the chain's state, so the file can be checked against the log later.
 * Entries hold names and flags only (callers never audit a secret), so neither does the file.
 */
export async function exportAuditLog(db: Db, reader: AuditReader, values: AuditFilterValues, format: "csv" | "json"): Promise<AuditExport> {
  assertAuditReader(reader);
  const entries = await exportAudit(db, toQuery(reader.tenantId, values), { limit: EXPORT_LIMIT });
  if (entries.length > EXPORT_LIMIT) {
    throw new AppError("invalid_input", `More than ${EXPORT_LIMIT.toLocaleString("en")} entries match: choose a shorter date range or another filter.`);
  }
  const names = (await auditFilterOptions(db, reader)).applicationNames;
  const chain = await verifyTenantChain(db, { tenantId: reader.tenantId });
  const range = [values.from ?? "start", values.to ?? "now"].join("_to_");
  const filename = `rotor-audit-${range}.${format}`;
  const rows = entries.map((e) => ({
    seq: e.seq,
    id: e.id,
    at: e.at.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    actor: e.actorName,
    action: e.action,
    actionLabel: actionLabel(e.action),
    application: applicationOf(e, names),
    targetType: e.targetType,
    targetId: e.targetId,
    details: describeDetail(e.detail),
    detail: e.detail,
    prevHash: e.prevHash,
    hash: e.hash,
  }));
  if (format === "json") {
    const tenant = await getTenant(db, { tenantId: reader.tenantId });
    const body = {
      tenant: { id: reader.tenantId, name: tenant?.name ?? null },
      exportedAt: new Date().toISOString(),
      filter: { ...values, page: undefined, tz: values.tz ?? "UTC" },
      chain: { holds: !chain.broken, entries: chain.entries, head: chain.head, broken: chain.broken },
      entries: rows,
    };
    return { filename, contentType: "application/json; charset=utf-8", body: JSON.stringify(body, null, 2), entries: rows.length };
  }
  const head = ["seq", "id", "time_utc", "actor_type", "actor_id", "actor", "action", "action_label", "application", "target_type", "target_id", "details", "detail_json", "prev_hash", "hash"];
  const lines = rows.map((r) =>
    [r.seq, r.id, r.at, r.actorType, r.actorId, r.actor, r.action, r.actionLabel, r.application, r.targetType, r.targetId, r.details, r.detail ? JSON.stringify(r.detail) : "", r.prevHash, r.hash].map(csvCell).join(","),
  );
  return { filename, contentType: "text/csv; charset=utf-8", body: [head.join(","), ...lines].join("\r\n") + "\r\n", entries: rows.length };
}

/**
 * One RFC 4180 cell. Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start:
 * a display name is chosen by whoever owns the account) gets a leading apostrophe.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
