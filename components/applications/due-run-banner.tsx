import type { ScheduleStatus } from "@/lib/schedule/status";
import { CalendarClock } from "lucide-react";
import Link from "next/link";

const at = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const utc = (iso: string) => `${at.format(new Date(iso))} UTC`;

function every(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 60_000) return `every ${Math.round(ms / 1000)} s`;
  if (minutes % 60 === 0) return minutes === 60 ? "every hour" : `every ${minutes / 60} hours`;
  return `every ${minutes} min`;
}

/**
 * The tenant's due runs above the list: when the last one ran, what started it (the built-in
 * scheduler or which API key) and what it did, and when the next one starts.
 */
export function DueRunBanner({ status, isAdmin }: { status: ScheduleStatus; isAdmin: boolean }) {
  const last = status.lastRun;
  return (
    <section aria-labelledby="due-run-heading" className="mb-4 flex flex-wrap items-start gap-x-3 gap-y-1 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm" data-testid="due-run-banner">
      <CalendarClock className="mt-0.5 size-4 shrink-0 text-slate-500" aria-hidden />
      <div className="min-w-0 flex-1 space-y-0.5">
        <h2 id="due-run-heading" className="font-medium text-slate-900">
          Scheduled rotations
        </h2>
        <p className="text-slate-700" data-testid="last-due-run">
          {last ? (
            <>
              Last due run {last.finishedAt ? "" : "(running now) "}started {utc(last.startedAt)} by {last.startedBy}
              {last.error
                ? `; it stopped: ${last.error}`
                : last.finishedAt
                  ? `: ${last.started === 0 ? "nothing was due" : `${last.started} rotation${last.started === 1 ? "" : "s"} started, ${last.succeeded} succeeded${last.failed ? `, ${last.failed} failed` : ""}`}.`
                  : "."}
            </>
          ) : (
            "No due run has happened yet."
          )}
        </p>
        <p className="text-slate-600" data-testid="next-due-run">
          {status.builtIn === "on" && status.nextRunAt ? (
            <>
              Next: {last && Date.parse(status.nextRunAt) > Date.now() ? utc(status.nextRunAt) : "within a minute"}, by the built-in scheduler ({every(status.intervalMs)}).
            </>
          ) : status.builtIn === "off_tenant" ? (
            <>The built-in scheduler is off for this tenant: due applications rotate when your external scheduler calls <code className="text-xs">POST /api/v1/rotations/due</code>.</>
          ) : (
            <>The built-in scheduler is off on this server: due applications rotate when an external scheduler calls <code className="text-xs">POST /api/v1/rotations/due</code>.</>
          )}
          {isAdmin ? (
            <>
              {" "}
              <Link href="/system/azure-devops#schedule" className="font-medium text-brand-700 underline underline-offset-2">
                Schedule settings
              </Link>
            </>
          ) : null}
        </p>
      </div>
    </section>
  );
}
