import { Card } from "@/components/ui/card";

/** Shown while the page reads Rotor's records and Entra ID. */
export default function ApplicationsLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading applications…</p>
      <div className="mb-6 space-y-2" aria-hidden>
        <div className="h-7 w-44 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200" />
      </div>
      <Card aria-hidden>
        <div className="border-b border-slate-100 px-4 py-3">
          <div className="h-9 w-full max-w-md animate-pulse rounded-md bg-slate-100" />
        </div>
        <div className="divide-y divide-slate-100">
          {[0, 1, 2].map((i) => (
            <div key={i} className="flex gap-6 px-4 py-5">
              <div className="w-48 space-y-2">
                <div className="h-4 w-32 animate-pulse rounded bg-slate-200" />
                <div className="h-3 w-44 animate-pulse rounded bg-slate-100" />
              </div>
              <div className="h-4 flex-1 animate-pulse rounded bg-slate-100" />
              <div className="h-4 w-32 animate-pulse rounded bg-slate-100" />
              <div className="h-8 w-24 animate-pulse rounded-md bg-slate-100" />
            </div>
          ))}
        </div>
      </Card>
    </div>
  );
}
