import "server-only";
import type { Db } from "@/db";
import { listAuditActions, listAuditActors, listAuditApplications, searchAudit, type AuditActorRef, type AuditFilter } from "@/db/queries/audit";
import type { AuditEntry } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { AUDIT_PAGE_SIZE, type AuditFilterValues } from "@/lib/validations/audit";
import { actionLabel, applicationOf, describeDetail } from "./labels";
import { startOfDay } from "./time-range";

/** Who may read a tenant's audit log: its admins. */
export type AuditReader = { tenantId: string; role: string };

export function assertAuditReader(reader: AuditReader): void {
  if (reader.role !== "admin") throw new AppError("forbidden", "Only tenant admins can read the audit log.");
}

/** The parsed filter as a query: "user:<id>" into an actor, days into instants in the browser's zone. */
export function toQuery(tenantId: string, values: AuditFilterValues): AuditFilter {
  // The schema let only "user:", "api_key:" and "system:" through.
  const [type, key] = values.actor?.split(/:(.*)/s) ?? [];
  const tz = values.tz ?? "UTC";
  return {
    tenantId,
    action: values.action,
    actor: type && key ? { type: type as AuditActorRef["type"], key } : undefined,
    applicationId: values.application,
    from: values.from ? startOfDay(values.from, tz) : undefined,
    to: values.to ? startOfDay(values.to, tz, 1) : undefined,
  };
}

/** One entry as the page and the export show it: narrow, every value already in words. */
export type AuditRow = {
  id: number;
  seq: number | null;
  at: string;
  actorType: string;
  actorName: string;
  action: string;
  actionLabel: string;
  application: string | null;
  applicationId: string | null;
  details: string;
};

export function toRow(entry: AuditEntry, applicationNames: Map<string, string>): AuditRow {
  return {
    id: entry.id,
    seq: entry.seq,
    at: entry.at.toISOString(),
    actorType: entry.actorType,
    actorName: entry.actorName,
    action: entry.action,
    actionLabel: actionLabel(entry.action),
    application: applicationOf(entry, applicationNames),
    applicationId: entry.targetType === "application" ? entry.targetId : null,
    details: describeDetail(entry.detail),
  };
}

export type AuditOptions = {
  actions: { value: string; label: string }[];
  actors: { value: string; label: string }[];
  applications: { value: string; label: string }[];
};

/** What the filter's lists offer: what occurs in this tenant's log. */
export async function auditFilterOptions(db: Db, reader: AuditReader): Promise<AuditOptions & { applicationNames: Map<string, string> }> {
  assertAuditReader(reader);
  const apps = await listAuditApplications(db, { tenantId: reader.tenantId });
  return {
    actions: (await listAuditActions(db, { tenantId: reader.tenantId }))
      .map((a) => ({ value: a, label: actionLabel(a) }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    actors: (await listAuditActors(db, { tenantId: reader.tenantId })).map((a) => ({ value: `${a.type}:${a.id ?? a.name}`, label: a.name })),
    applications: apps.map((a) => ({ value: a.id, label: a.name })),
    applicationNames: new Map(apps.map((a) => [a.id, a.name])),
  };
}

export type AuditPage = { rows: AuditRow[]; total: number; page: number; pages: number; pageSize: number };

/** One page of the tenant's log, newest first; a page past the end shows the last one. */
export async function searchAuditLog(db: Db, reader: AuditReader, values: AuditFilterValues, applicationNames: Map<string, string>): Promise<AuditPage> {
  assertAuditReader(reader);
  const query = toQuery(reader.tenantId, values);
  const pageSize = AUDIT_PAGE_SIZE;
  const first = await searchAudit(db, query, { offset: (Number(values.page ?? 1) - 1) * pageSize, limit: pageSize });
  const pages = Math.max(1, Math.ceil(first.total / pageSize));
  const page = Math.min(Number(values.page ?? 1), pages);
  const result = page === Number(values.page ?? 1) ? first : await searchAudit(db, query, { offset: (page - 1) * pageSize, limit: pageSize });
  return { rows: result.entries.map((e) => toRow(e, applicationNames)), total: result.total, page, pages, pageSize };
}
