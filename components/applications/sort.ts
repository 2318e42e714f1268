import type { ApplicationSort } from "@/lib/validations/applications";
import type { ApplicationView } from "@/lib/applications/views";

/**
 * When an application runs out of working secrets: its latest expiry. An application without
 * any secret sorts first (it has nothing that works); one whose secrets are unknown, last.
 */
export function expiryKey(row: Pick<ApplicationView, "secrets">): number {
  if (row.secrets === null) return Number.POSITIVE_INFINITY;
  if (row.secrets.length === 0) return Number.NEGATIVE_INFINITY;
  return Math.max(...row.secrets.map((s) => Date.parse(s.endDateTime)));
}

export function matchesSearch(row: Pick<ApplicationView, "displayName" | "appId">, q: string): boolean {
  const needle = q.trim().toLowerCase();
  return !needle || row.displayName.toLowerCase().includes(needle) || row.appId.toLowerCase().includes(needle);
}

const byName = (a: ApplicationView, b: ApplicationView) => a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base" });

export function filterAndSort(rows: readonly ApplicationView[], { q, sort }: { q: string; sort: ApplicationSort }): ApplicationView[] {
  const kept = rows.filter((row) => matchesSearch(row, q));
  if (sort === "name") return kept.sort(byName);
  return kept.sort((a, b) => {
    const ka = expiryKey(a);
    const kb = expiryKey(b);
    return ka === kb ? byName(a, b) : ka < kb ? -1 : 1;
  });
}
