import { AuditFilters, type FilterFields } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { ChainStatus } from "@/components/audit/chain-status";
import { Pager } from "@/components/ui/pager";
import { FilterProblems } from "@/components/ui/filter-problems";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { auditFilterOptions, searchAuditLog } from "@/lib/audit/search";
import { verifyTenantChain, type ChainReport } from "@/lib/audit/verify";
import { requireAdmin } from "@/lib/auth/session";
import { logger } from "@/lib/logger";
import { auditFilterSchema, filterProblems } from "@/lib/validations/audit";
import { Download, ScrollText, SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;
const FIELDS = ["action", "actor", "application", "from", "to", "tz"] as const;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

/** The query string of the filters applied (blank ones left out), plus extras such as page or format. */
function query(values: Partial<FilterFields>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of FIELDS) if (values[key]) params.set(key, values[key]);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

async function checkChain(tenantId: string, db: Awaited<ReturnType<typeof getDb>>): Promise<ChainReport | null> {
  try {
    return await verifyTenantChain(db, { tenantId });
  } catch (error) {
    logger.error({ tenantId, err: (error as Error).message }, "audit chain check failed");
    return null;
  }
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdmin();
  const db = await getDb();
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse(raw);
  const fields = Object.fromEntries(FIELDS.map((key) => [key, first(raw[key]).slice(0, 300)])) as FilterFields;
  const options = await auditFilterOptions(db, admin);
  const result = parsed.success ? await searchAuditLog(db, admin, parsed.data, options.applicationNames) : null;
  const applied = parsed.success ? Object.fromEntries(FIELDS.map((key) => [key, parsed.data[key] ?? ""])) : {};
  const active = FIELDS.some((key) => key !== "tz" && fields[key]);
  const invalid = new Set(parsed.error?.issues.map((i) => String(i.path[0])) ?? []);
  const chain = await checkChain(admin.tenantId, db);

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Who did what in ${admin.tenantName}, newest first. Times are in your time zone; point at one for UTC.`}
        actions={
          result ? (
            <div className="flex flex-wrap gap-2">
              <Button asChild variant="secondary" size="sm">
                <a href={`/audit/export?${query(applied, { format: "csv" })}`} download>
                  <Download aria-hidden /> Export CSV
                </a>
              </Button>
              <Button asChild variant="secondary" size="sm">
                <a href={`/audit/export?${query(applied, { format: "json" })}`} download>
                  <Download aria-hidden /> Export JSON
                </a>
              </Button>
            </div>
          ) : null
        }
      />
      <div className="space-y-6">
        <ChainStatus report={chain} />
        <Card>
          <AuditFilters values={fields} options={options} invalid={invalid} active={active} />
        </Card>
        {parsed.error ? (
          <FilterProblems id="audit-filter-problems" problems={filterProblems(parsed.error)} what="no entries are shown" clearHref="/audit" />
        ) : null}
        {result ? (
          <Card aria-labelledby="audit-results">
            <h2 id="audit-results" className="border-b border-slate-100 px-4 py-3 text-sm text-slate-700 sm:px-6" aria-live="polite">
              {result.total === 0
                ? "No entries"
                : `${active ? "Matching entries" : "Entries"} ${((result.page - 1) * result.pageSize + 1).toLocaleString("en")}–${((result.page - 1) * result.pageSize + result.rows.length).toLocaleString("en")} of ${result.total.toLocaleString("en")}`}
            </h2>
            {result.total === 0 ? (
              active ? (
                <EmptyState icon={SearchX} title="No entries match these filters">
                  <p>
                    Try a wider date range or another action, or{" "}
                    <Link href="/audit" className="font-medium text-brand-700 underline">
                      clear the filters
                    </Link>
                    .
                  </p>
                </EmptyState>
              ) : (
                <EmptyState icon={ScrollText} title="Nothing recorded yet">
                  <p>Sign-ins, settings changes, rotations and API key changes appear here as they happen.</p>
                </EmptyState>
              )
            ) : (
              <>
                <AuditTable rows={result.rows} brokenEntryId={chain?.broken?.entryId} />
                <Pager label="Audit log pages" page={result.page} pages={result.pages} href={(page) => `/audit?${query(applied, { page: String(page) })}`} />
              </>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
