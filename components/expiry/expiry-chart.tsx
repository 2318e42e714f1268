"use client";

import type { ExpiryOverview } from "@/lib/expiry/load-overview";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const weekLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en", { day: "numeric", month: "short", timeZone: "UTC" });

/**
 * Secrets expiring per week over the next 90 days, managed and not, stacked. Recharts draws SVG
 * with attributes only (no inline script), so it renders under the page's CSP. The table below
 * says the same in words for screen readers (the chart is labelled as a summary).
 */
export function ExpiryChart({ data }: { data: ExpiryOverview["chart"] }) {
  const total = data.reduce((n, w) => n + w.managed + w.unmanaged, 0);
  return (
    <figure aria-labelledby="expiry-chart-title" className="px-4 py-4 sm:px-6">
      <figcaption id="expiry-chart-title" className="text-sm font-medium text-slate-900">
        Secrets expiring in the next 90 days, by week
        <span className="ml-2 font-normal text-slate-600">({total === 1 ? "1 secret" : `${total} secrets`})</span>
      </figcaption>
      <div className="mt-3 h-56 w-full" role="img" aria-label={`Bar chart: ${data.map((w) => `week of ${weekLabel(w.week)}: ${w.managed} managed, ${w.unmanaged} not managed`).join("; ")}`} data-testid="expiry-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="week" tickFormatter={weekLabel} tick={{ fontSize: 12, fill: "#475569" }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} />
            <Tooltip labelFormatter={(day) => `Week of ${weekLabel(String(day))}`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="managed" name="Managed by Rotor" stackId="a" fill="#2563eb" isAnimationActive={false} />
            <Bar dataKey="unmanaged" name="Not managed" stackId="a" fill="#f59e0b" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
