import { Card } from "@/components/ui/card";

/** Shown while the page reads the stored snapshot. */
export default function ExpiryLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading the expiry overview…</p>
      <div className="mb-6 space-y-2" aria-hidden>
        <div className="h-7 w-52 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200" />
      </div>
      <div className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-hidden>
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} className="h-[74px] animate-pulse rounded-lg border border-slate-200 bg-white" />
        ))}
      </div>
      <Card aria-hidden>
        <div className="m-4 h-56 animate-pulse rounded bg-slate-100" />
      </Card>
    </div>
  );
}
