import type { ExpiryOverview } from "@/lib/expiry/load-overview";
import { SOON_DAYS } from "@/lib/expiry/constants";
import { cn } from "@/lib/utils";

/** The counts at the top of the expiry overview, of the rows the filters show. */
export function ExpiryCounts({ counts }: { counts: ExpiryOverview["counts"] }) {
  const items = [
    { label: "Applications", value: counts.applications, tone: "" },
    { label: "Secrets", value: counts.secrets, tone: "" },
    { label: `Expiring within ${SOON_DAYS} days`, value: counts.soon, tone: counts.soon ? "text-amber-700" : "" },
    { label: "Expired", value: counts.expired, tone: counts.expired ? "text-red-700" : "" },
    { label: "Not managed", value: counts.unmanaged, tone: "" },
    { label: "Last rotation failed", value: counts.failing, tone: counts.failing ? "text-red-700" : "" },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="expiry-counts">
      {items.map((item) => (
        <div key={item.label} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
          <dt className="text-xs font-medium text-slate-600">{item.label}</dt>
          <dd className={cn("mt-1 text-2xl font-semibold tabular-nums text-slate-900", item.tone)}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
