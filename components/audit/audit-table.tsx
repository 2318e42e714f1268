import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { AuditRow } from "@/lib/audit/search";

/**
 * The entries of one page. On a narrow screen the table scrolls sideways inside its card (the
 * region is focusable, so a keyboard can scroll it too); the page itself never does.
 */
export function AuditTable({ rows, brokenEntryId }: { rows: AuditRow[]; brokenEntryId?: number | null }) {
  return (
    <div role="region" aria-label="Audit entries (scrolls sideways on a narrow screen)" tabIndex={0} className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-500">
      <table className="w-full min-w-[52rem] text-left text-sm">
        <caption className="sr-only">Audit entries</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium sm:px-6">When</th>
            <th scope="col" className="px-4 py-3 font-medium">Who</th>
            <th scope="col" className="px-4 py-3 font-medium">What</th>
            <th scope="col" className="px-4 py-3 font-medium">Application</th>
            <th scope="col" className="px-4 py-3 font-medium sm:pr-6">Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} className={row.id === brokenEntryId ? "bg-red-50 align-top" : "align-top"}>
              <td className="whitespace-nowrap px-4 py-3 text-slate-600 sm:px-6">
                <LocalTime value={row.at} style="datetime-seconds" />
                {row.seq !== null ? <span className="block text-xs text-slate-500">#{row.seq}</span> : null}
                {row.id === brokenEntryId ? (
                  <Badge tone="danger" className="mt-1">
                    The chain breaks here
                  </Badge>
                ) : null}
              </td>
              <td className="min-w-[9rem] px-4 py-3 font-medium text-slate-900">{row.actorName}</td>
              <td className="px-4 py-3 text-slate-700">{row.actionLabel}</td>
              <td className="px-4 py-3 text-slate-700">{row.application ?? <span className="text-slate-500">—</span>}</td>
              <td className="min-w-[16rem] break-words px-4 py-3 text-slate-600 sm:pr-6">{row.details || <span className="text-slate-500">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
