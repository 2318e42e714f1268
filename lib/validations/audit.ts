import { z } from "zod";

/**
 * The audit page's filters and the export's, as they arrive in the query string (a GET form, so
 * they work without JavaScript). Blank fields mean "any"; a field given twice is an error.
 * Dates are days in `tz`, the browser's time zone (UTC when it did not say).
 */
const once = (what: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: `${what}: give it once.` })
    .optional()
    .transform((v, ctx) => {
      if (Array.isArray(v)) {
        ctx.addIssue({ code: "custom", message: `${what}: give it once.` });
        return z.NEVER;
      }
      const trimmed = v?.trim();
      return trimmed ? trimmed : undefined;
    });

const isDay = (day: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
};

export const isTimeZone = (tz: string) => {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const AUDIT_PAGE_SIZE = 50;

export const auditFilterSchema = z
  .object({
    action: once("Action").refine((v) => v === undefined || /^[a-z][a-z0-9_]{0,40}(\.[a-z0-9_]{1,40})*$/.test(v), "Action: pick one from the list."),
    actor: once("Who").refine((v) => v === undefined || (/^(user|api_key|system):.+$/s.test(v) && v.length <= 300 && v.isWellFormed()), "Who: pick someone from the list."),
    application: once("Application").refine((v) => v === undefined || /^[A-Za-z0-9-]{1,64}$/.test(v), "Application: pick one from the list."),
    from: once("From").refine((v) => v === undefined || isDay(v), "From: use a date like 2026-12-03."),
    to: once("To").refine((v) => v === undefined || isDay(v), "To: use a date like 2026-12-03."),
    tz: once("Time zone").refine((v) => v === undefined || isTimeZone(v), "Time zone: not one this browser could have sent."),
    page: once("Page").refine((v) => v === undefined || (/^\d{1,6}$/.test(v) && Number(v) >= 1), "Page: a whole number from 1."),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "To: pick a day on or after From.", path: ["to"] });

export const auditExportSchema = z.object({
  format: once("Format").refine((v) => v === undefined || v === "csv" || v === "json", "Format: csv or json."),
});

export type AuditFilterValues = z.output<typeof auditFilterSchema>;

/** The query string as Next.js hands it to a page or a route, keys limited to what the filters read. */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>; // "__proto__" stays a plain key
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** The first problem of each field, in a sentence: "From: use a date like 2026-12-03." */
export function filterProblems(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((i) => i.message))];
}
