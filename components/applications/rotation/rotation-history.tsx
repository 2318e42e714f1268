"use client";

import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { RotationHistoryEntry } from "@/lib/actions/rotations/rotation-progress";
import type { UseQueryResult } from "@tanstack/react-query";
import { Loading, LookupFailed } from "../settings/lookup-state";

const TRIGGERS: Record<string, string> = { manual: "Rotate now", schedule: "Schedule", api: "Scheduler API", recovery: "Recovery" };

function duration(ms: number | null): string {
  if (ms === null) return "running";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Past rotations: when, trigger, who or what started them, how long, and the result. */
export function RotationHistory({ query }: { query: UseQueryResult<RotationHistoryEntry[]> }) {
  if (query.isPending) return <Loading what="rotation history" />;
  if (query.isError) return <LookupFailed error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <p className="text-sm text-slate-500">Never rotated by Rotor yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">History</caption>
      <thead className="text-xs text-slate-500">
        <tr>
          <th scope="col" className="py-1 font-medium">When</th>
          <th scope="col" className="py-1 font-medium">Trigger</th>
          <th scope="col" className="py-1 font-medium">Started by</th>
          <th scope="col" className="py-1 font-medium">Took</th>
          <th scope="col" className="py-1 font-medium">Result</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {query.data.map((r) => (
          <tr key={r.id}>
            <td className="py-1.5 text-slate-600"><LocalTime value={r.createdAt} /></td>
            <td className="py-1.5">{TRIGGERS[r.trigger] ?? r.trigger}</td>
            <td className="py-1.5">{r.startedBy}</td>
            <td className="py-1.5 text-slate-600">{duration(r.durationMs)}</td>
            <td className="py-1.5">
              <Badge tone={r.state === "succeeded" ? (r.warning ? "warning" : "success") : r.state === "failed" ? "danger" : "brand"} title={r.failureReason ?? r.warning ?? undefined}>
                {r.state === "succeeded" ? (r.warning ? "Succeeded with warnings" : "Succeeded") : r.state === "failed" ? "Failed" : "Running"}
              </Badge>
              {r.failureReason ?? r.warning ? <span className="ml-2 text-xs text-slate-500">{r.failureReason ?? r.warning}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
