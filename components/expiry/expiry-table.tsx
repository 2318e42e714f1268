import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { ExpiryRow, ExpirySecret } from "@/lib/expiry/load-overview";

function DaysLeft({ secret }: { secret: ExpirySecret }) {
  if (secret.daysLeft <= 0) return <Badge tone="danger">Expired</Badge>;
  const tone = secret.daysLeft <= 14 ? "danger" : secret.daysLeft <= 30 ? "warning" : "neutral";
  return <Badge tone={tone}>{secret.daysLeft === 1 ? "1 day left" : `${secret.daysLeft} days left`}</Badge>;
}

function LastResult({ result }: { result: ExpiryRow["lastResult"] }) {
  if (!result) return <span className="text-slate-500">Never rotated</span>;
  const tone = result.state === "succeeded" ? "success" : result.state === "failed" ? "danger" : "brand";
  const label = result.state === "succeeded" ? "Succeeded" : result.state === "failed" ? "Failed" : "In progress";
  return (
    <div className="space-y-1">
      <Badge tone={tone}>{label}</Badge>
      {result.finishedAt ? <div className="text-xs text-slate-600"><LocalTime value={result.finishedAt} style="date" /></div> : null}
      {result.failureReason ? <p className="max-w-xs text-xs text-red-700">{result.failureReason}</p> : null}
    </div>
  );
}

/** One row per application, its secrets soonest first. Scrolls sideways on a phone rather than squeezing. */
export function ExpiryTable({ rows }: { rows: ExpiryRow[] }) {
  return (
    // Focusable, so a keyboard can scroll it sideways on a phone.
    <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-500" tabIndex={0} role="region" aria-label="Applications and the expiry of their secrets">
      <table className="w-full min-w-[48rem] text-left text-sm">
        <caption className="sr-only">Applications and the expiry of their client secrets</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 sm:px-6">Application</th>
            <th scope="col" className="px-4 py-2">Secrets and expiry</th>
            <th scope="col" className="px-4 py-2">Next rotation</th>
            <th scope="col" className="px-4 py-2">Last result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.appId} className="align-top" data-testid="expiry-row">
              <th scope="row" className="px-4 py-3 font-normal sm:px-6">
                <div className="font-medium text-slate-900">{row.displayName}</div>
                <div className="font-mono text-xs text-slate-600">{row.appId}</div>
                {row.managed ? null : <Badge tone="warning" className="mt-1">Not managed by Rotor</Badge>}
              </th>
              <td className="px-4 py-3">
                {row.secrets === null ? (
                  <span className="text-slate-600">Unknown: Rotor&apos;s service principal did not own it at the last snapshot</span>
                ) : row.secrets.length === 0 ? (
                  <span className="text-slate-600">No client secrets</span>
                ) : (
                  <ul className="space-y-1.5">
                    {row.secrets.map((s) => (
                      <li key={s.keyId} className="flex flex-wrap items-center gap-2">
                        <span className="text-slate-800">{s.displayName || "Unnamed secret"}</span>
                        {s.hint ? <span className="font-mono text-xs text-slate-500">{s.hint}…</span> : null}
                        <LocalTime value={s.endDateTime} style="date" className="text-slate-600" />
                        <DaysLeft secret={s} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="px-4 py-3">
                {row.nextRotation ? (
                  <LocalTime value={row.nextRotation} style="date" />
                ) : (
                  <span className="text-slate-600">{row.managed ? "Not scheduled" : "Not managed"}</span>
                )}
              </td>
              <td className="px-4 py-3">
                <LastResult result={row.lastResult} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
