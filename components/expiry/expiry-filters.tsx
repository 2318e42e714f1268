import { Button } from "@/components/ui/button";
import { EXPIRY_WINDOWS } from "@/lib/validations/expiry";
import Link from "next/link";

export type ExpiryFilterFields = { within: string; managed: string; failing: string };

const selectClass =
  "h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500/40 aria-[invalid=true]:border-red-500";

/** The filters as a plain GET form: the URL holds them, so a view can be bookmarked, shared and exported. */
export function ExpiryFilters({ values, invalid, active, isAdmin }: { values: ExpiryFilterFields; invalid: Set<string>; active: boolean; isAdmin: boolean }) {
  const aria = (name: string) => (invalid.has(name) ? { "aria-invalid": true, "aria-describedby": "expiry-filter-problems" } : {});
  return (
    <form method="get" action="/expiry" role="search" aria-label="Filter the expiry overview" className="flex flex-wrap items-end gap-4 px-4 py-4 sm:px-6">
      <div className="flex min-w-40 flex-col gap-1">
        <label htmlFor="expiry-within" className="text-sm font-medium text-slate-700">Expiring within</label>
        <select id="expiry-within" name="within" defaultValue={values.within} className={selectClass} {...aria("within")}>
          <option value="">Any time</option>
          {EXPIRY_WINDOWS.map((days) => (
            <option key={days} value={String(days)}>{days} days</option>
          ))}
        </select>
      </div>
      {isAdmin ? (
        <div className="flex min-w-40 flex-col gap-1">
          <label htmlFor="expiry-managed" className="text-sm font-medium text-slate-700">Managed by Rotor</label>
          <select id="expiry-managed" name="managed" defaultValue={values.managed} className={selectClass} {...aria("managed")}>
            <option value="">Managed or not</option>
            <option value="managed">Managed</option>
            <option value="unmanaged">Not managed</option>
          </select>
        </div>
      ) : null}
      <div className="flex h-9 items-center gap-2">
        <input id="expiry-failing" type="checkbox" name="failing" value="1" defaultChecked={values.failing === "1"} className="size-4 rounded border-slate-300 accent-brand-600" {...aria("failing")} />
        <label htmlFor="expiry-failing" className="text-sm font-medium text-slate-700">Last rotation failed</label>
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm">Apply</Button>
        {active ? (
          <Button asChild variant="secondary" size="sm">
            <Link href="/expiry">Clear</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
