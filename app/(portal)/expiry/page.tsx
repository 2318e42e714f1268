import { ExpiryChart } from "@/components/expiry/expiry-chart";
import { ExpiryCounts } from "@/components/expiry/expiry-counts";
import { ExpiryFilters, type ExpiryFilterFields } from "@/components/expiry/expiry-filters";
import { ExpiryTable } from "@/components/expiry/expiry-table";
import { SecretsAge } from "@/components/applications/secrets-age";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterProblems } from "@/components/ui/filter-problems";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { loadExpiryOverview } from "@/lib/expiry/load-overview";
import { requireUser } from "@/lib/auth/session";
import { filterProblems } from "@/lib/validations/audit";
import { expiryFilterSchema } from "@/lib/validations/expiry";
import { CalendarClock, Download, SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Expiry overview" };

type SearchParams = Record<string, string | string[] | undefined>;
const FIELDS = ["within", "managed", "failing"] as const;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).slice(0, 100);

export default async function ExpiryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const isAdmin = user.role === "admin";
  const raw = await searchParams;
  const parsed = expiryFilterSchema.safeParse(raw);
  const fields = Object.fromEntries(FIELDS.map((key) => [key, first(raw[key])])) as ExpiryFilterFields;
  const active = FIELDS.some((key) => fields[key]);
  const invalid = new Set(parsed.error?.issues.map((i) => String(i.path[0])) ?? []);
  const data = parsed.success ? await loadExpiryOverview(await getDb(), user, parsed.data) : null;
  const exportQuery = new URLSearchParams(Object.entries(fields).filter(([, v]) => v)).toString();

  return (
    <>
      <PageHeader
        title="Expiry overview"
        description={
          isAdmin
            ? `Every application Rotor's service principal owns in ${user.tenantName}, managed or not, and when its client secrets expire.`
            : "The applications you own that Rotor manages, and when their client secrets expire."
        }
        actions={
          data && data.rows.length > 0 ? (
            <Button asChild variant="secondary" size="sm">
              <a href={`/expiry/export${exportQuery ? `?${exportQuery}` : ""}`} download>
                <Download aria-hidden /> Export CSV
              </a>
            </Button>
          ) : null
        }
      />
      <div className="space-y-6">
        {data ? (
          <div className="space-y-2">
            <div className="flex justify-end">
              <SecretsAge asOf={data.asOf} />
            </div>
            <ExpiryCounts counts={data.counts} />
          </div>
        ) : null}
        <Card>
          <ExpiryFilters values={fields} invalid={invalid} active={active} isAdmin={isAdmin} />
        </Card>
        {parsed.error ? (
          <FilterProblems id="expiry-filter-problems" problems={filterProblems(parsed.error)} what="nothing is shown" clearHref="/expiry" />
        ) : null}
        {data ? (
          data.total === 0 ? (
            <Card>
              <EmptyState icon={CalendarClock} title="No applications to show yet">
                <p>
                  {isAdmin
                    ? "Rotor lists the applications its service principal owns once it has read them from Entra ID: Refresh secrets above, or wait for the next sync or due run. "
                    : "Applications you own appear here once an admin adds them to Rotor. "}
                  <Link href="/applications" className="font-medium text-brand-700 underline">Go to Applications</Link>
                </p>
              </EmptyState>
            </Card>
          ) : (
            <>
              <Card>
                <ExpiryChart data={data.chart} />
              </Card>
              <Card aria-labelledby="expiry-results">
                <h2 id="expiry-results" className="border-b border-slate-100 px-4 py-3 text-sm text-slate-700 sm:px-6" aria-live="polite">
                  {data.rows.length === 0 ? "No applications" : `${data.rows.length} of ${data.total} applications`}
                </h2>
                {data.rows.length === 0 ? (
                  <EmptyState icon={SearchX} title="No applications match these filters">
                    <p>
                      Try a longer window, or{" "}
                      <Link href="/expiry" className="font-medium text-brand-700 underline">clear the filters</Link>.
                    </p>
                  </EmptyState>
                ) : (
                  <ExpiryTable rows={data.rows} />
                )}
              </Card>
            </>
          )
        ) : null}
      </div>
    </>
  );
}
