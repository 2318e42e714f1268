import "server-only";
import type { Db } from "@/db";
import { csvCell } from "@/lib/audit/export";
import type { ExpiryFilter } from "@/lib/validations/expiry";
import { loadExpiryOverview, type Viewer } from "./load-overview";

const HEAD = ["Application", "Application (client) ID", "Managed", "Secret", "Hint", "Key ID", "Expires (UTC)", "Days left", "Next rotation (UTC)", "Last result", "Last result at (UTC)", "Failure reason"];

/**
 * The expiry overview as CSV: one line per secret (an application with none, or whose secrets are
 * unknown, gets one line), the rows the same filters show on the page, for the same viewer.
 * Cells a spreadsheet would run as formulas are defused (csvCell).
 */
export async function exportExpiryOverview(db: Db, viewer: Viewer, filter: ExpiryFilter, now = new Date()): Promise<{ filename: string; body: string; rows: number }> {
  const { rows } = await loadExpiryOverview(db, viewer, filter, now);
  const lines: string[] = [];
  for (const row of rows) {
    const common = [row.displayName, row.appId, row.managed ? "yes" : "no"];
    const tail = [row.nextRotation ?? "", row.lastResult?.state ?? "", row.lastResult?.finishedAt ?? "", row.lastResult?.failureReason ?? ""];
    const secrets = row.secrets ?? [];
    if (secrets.length === 0) lines.push([...common, row.secrets ? "(no secrets)" : "(unknown: not owned at the last snapshot)", "", "", "", "", ...tail].map(csvCell).join(","));
    for (const s of secrets) lines.push([...common, s.displayName ?? "", s.hint ?? "", s.keyId, s.endDateTime, s.daysLeft, ...tail].map(csvCell).join(","));
  }
  return { filename: `rotor-expiry-${now.toISOString().slice(0, 10)}.csv`, body: [HEAD.join(","), ...lines].join("\r\n") + "\r\n", rows: lines.length };
}
