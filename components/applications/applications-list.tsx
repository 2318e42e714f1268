"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Pager } from "@/components/ui/pager";
import { applicationSorts, type ApplicationSort, type ListParams } from "@/lib/validations/applications";
import { Search, SearchX } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { ApplicationRow } from "./application-row";
import { useHeldOrder } from "./held-order";
import type { ApplicationView } from "@/lib/applications/views";

const SORT_LABELS: Record<ApplicationSort, string> = { expiry: "Soonest expiry", name: "Name" };
const COLUMNS = ["Application", "Client secrets", "Rotation policy", "Azure DevOps", "Last rotation"];
/** Typing pauses this long before the server is asked for the matching page. */
const SEARCH_DELAY_MS = 250;

type Props = {
  /** One page of rows, already filtered and sorted by the server. */
  rows: ApplicationView[];
  initial: ListParams;
  total: number;
  matching: number;
  page: number;
  pageSize: number;
  isAdmin: boolean;
  devopsIntegrationEnabled: boolean;
  notOwnedIds: string[];
};

/** `?q=&sort=&page=` for the list's controls (defaults left out). */
export function listQuery({ q, sort, page }: { q: string; sort: ApplicationSort; page: number }): string {
  const params = new URLSearchParams();
  if (q.trim()) params.set("q", q.trim());
  if (sort !== "expiry") params.set("sort", sort);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/**
 * Search, sort and pages over the applications the person sees. The server filters, sorts and
 * pages (it holds thousands of rows); the controls live in the URL, so a reload or a shared link
 * shows the same page.
 */
export function ApplicationsList({ rows, initial, total, matching, page, pageSize, isAdmin, devopsIntegrationEnabled, notOwnedIds }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [q, setQ] = useState(initial.q);
  const [sort, setSort] = useState<ApplicationSort>(initial.sort);
  const [removed, setRemoved] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const search = useRef<HTMLInputElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const notOwned = useMemo(() => new Set(notOwnedIds), [notOwnedIds]);
  const order = useHeldOrder(rows);
  useEffect(() => () => void (typing.current && clearTimeout(typing.current)), []);

  const show = (next: { q: string; sort: ApplicationSort }) =>
    startLoading(() => router.replace(`${pathname}${listQuery({ ...next, page: 1 })}`, { scroll: false }));
  const changeQ = (value: string) => {
    order.release();
    setQ(value);
    if (typing.current) clearTimeout(typing.current);
    typing.current = setTimeout(() => show({ q: value, sort }), SEARCH_DELAY_MS);
  };
  const changeSort = (value: ApplicationSort) => {
    order.release();
    setSort(value);
    show({ q, sort: value });
  };
  const onRemoved = (name: string) => {
    setRemoved(`${name} was removed from Rotor. Nothing changed in Entra ID.`);
    // The row that held focus is gone: continue from the search box.
    search.current?.focus();
  };
  const searched = initial.q.trim();

  return (
    <>
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-3 py-3">
        <div className="min-w-56 flex-1">
          <label htmlFor="application-search" className="mb-1 block text-xs font-medium text-slate-600">
            Search
          </label>
          <div className="relative">
            <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-400" aria-hidden />
            <Input
              ref={search}
              id="application-search"
              type="search"
              value={q}
              onChange={(e) => changeQ(e.target.value)}
              placeholder="Name or application (client) id"
              className="pl-8"
              autoComplete="off"
              spellCheck={false}
            />
          </div>
        </div>
        <div>
          <label htmlFor="application-sort" className="mb-1 block text-xs font-medium text-slate-600">
            Sort by
          </label>
          <select
            id="application-sort"
            value={sort}
            onChange={(e) => changeSort(e.target.value as ApplicationSort)}
            className="h-9 rounded-md border border-slate-300 bg-white px-3 pr-8 text-sm shadow-sm focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500/40"
          >
            {applicationSorts.map((value) => (
              <option key={value} value={value}>
                {SORT_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <p className="w-full text-xs text-slate-500 sm:ml-auto sm:w-auto sm:pb-2" role="status" aria-live="polite">
          {removed ? <span className="mr-2 font-medium text-emerald-700">{removed}</span> : null}
          {loading ? "Updating… " : ""}
          {searched ? `${matching} of ${total} applications match` : `${total} application${total === 1 ? "" : "s"}`}
        </p>
      </div>
      {rows.length === 0 ? (
        <div className="flex flex-col items-center px-6 py-12 text-center">
          <SearchX className="mb-3 size-6 text-slate-400" aria-hidden />
          <h2 className="text-base font-semibold text-slate-900">No application matches “{searched}”</h2>
          <p className="mt-1 text-sm text-slate-600">Search looks at display names and application (client) ids.</p>
          <Button
            type="button"
            variant="secondary"
            size="sm"
            className="mt-4"
            onClick={() => {
              setQ("");
              show({ q: "", sort });
            }}
          >
            Clear search
          </Button>
        </div>
      ) : (
        // relative: the screen-reader-only text inside (position: absolute) stays in this scroll box instead of widening the page.
        <div className="relative overflow-x-auto" data-testid="applications-scroll">
          <table className="w-full text-left text-sm max-md:block" {...order.tableProps}>
            <caption className="sr-only">
              Managed applications, sorted by {SORT_LABELS[sort].toLowerCase()}
              {searched ? `, matching “${searched}”` : ""}
              {matching > pageSize ? `, page ${page} of ${Math.ceil(matching / pageSize)}` : ""}
            </caption>
            {/* On a phone the rows are cards with their own labels; the header row stays for screen readers. */}
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 max-md:sr-only">
              <tr>
                {COLUMNS.map((column) => (
                  <th key={column} scope="col" className="whitespace-nowrap px-3 py-3 font-medium">
                    {column}
                  </th>
                ))}
                <th scope="col" className="px-3 py-3 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-md:block">
              {order.ordered.map((row) => (
                <ApplicationRow
                  key={row.id}
                  application={row}
                  isAdmin={isAdmin}
                  devopsIntegrationEnabled={devopsIntegrationEnabled}
                  notOwned={notOwned.has(row.id)}
                  onRemoved={onRemoved}
                  onRotationStarted={order.hold}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Applications pages" page={page} pages={Math.ceil(matching / pageSize)} href={(p) => `${pathname}${listQuery({ q: searched, sort: initial.sort, page: p })}`} />
    </>
  );
}
