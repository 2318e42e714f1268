import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { AuditOptions } from "@/lib/audit/search";
import { cn } from "@/lib/utils";
import Link from "next/link";
import { TimeZoneField } from "./time-zone-field";

export type FilterFields = { action: string; actor: string; application: string; from: string; to: string; tz: string };

const selectClass =
  "h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500/40 aria-[invalid=true]:border-red-500";

function Field({ id, label, children, className }: { id: string; label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={cn("flex min-w-0 flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
    </div>
  );
}

function Choice({ id, name, value, all, options, invalid }: { id: string; name: string; value: string; all: string; options: { value: string; label: string }[]; invalid: boolean }) {
  // A value no longer in the list (an old link) stays selectable, so the form shows what is applied.
  const list = value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <select id={id} name={name} defaultValue={value} className={selectClass} aria-invalid={invalid || undefined} aria-describedby={invalid ? "audit-filter-problems" : undefined}>
      <option value="">{all}</option>
      {list.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/**
 * The filters as a plain GET form: the URL holds them, so a filtered view can be bookmarked and
 * shared, and they work before (or without) JavaScript. Dates are days in the browser's zone.
 */
export function AuditFilters({ values, options, invalid, active }: { values: FilterFields; options: AuditOptions; invalid: Set<string>; active: boolean }) {
  const dateProps = (name: "from" | "to") => ({
    id: `audit-${name}`,
    name,
    type: "date",
    defaultValue: values[name],
    "aria-invalid": invalid.has(name) || undefined,
    "aria-describedby": invalid.has(name) ? "audit-filter-problems" : "audit-dates-hint",
  });
  return (
    <form method="get" action="/audit" role="search" aria-label="Filter the audit log" className="px-4 py-4 sm:px-6">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Field id="audit-action" label="Action">
          <Choice id="audit-action" name="action" value={values.action} all="Any action" options={options.actions} invalid={invalid.has("action")} />
        </Field>
        <Field id="audit-actor" label="Who">
          <Choice id="audit-actor" name="actor" value={values.actor} all="Anyone" options={options.actors} invalid={invalid.has("actor")} />
        </Field>
        <Field id="audit-application" label="Application">
          <Choice id="audit-application" name="application" value={values.application} all="Any application" options={options.applications} invalid={invalid.has("application")} />
        </Field>
        <Field id="audit-from" label="From">
          <Input {...dateProps("from")} />
        </Field>
        <Field id="audit-to" label="To">
          <Input {...dateProps("to")} />
        </Field>
      </div>
      <TimeZoneField initial={values.tz || undefined} />
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button type="submit">Apply filters</Button>
        {active ? (
          <Button asChild variant="secondary">
            <Link href="/audit">Clear filters</Link>
          </Button>
        ) : null}
        <p id="audit-dates-hint" className="text-sm text-slate-600">
          From and To are whole days in your time zone, both included.
        </p>
      </div>
    </form>
  );
}
