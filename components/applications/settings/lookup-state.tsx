"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Loader2, RefreshCw, RotateCw } from "lucide-react";
import { useConsentReturnPath } from "./consent-return";
import { LookupError } from "./lookup";

/** Loading and error states shared by the dialog's pickers. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="flex items-center gap-2 text-sm text-slate-500" role="status">
      <Loader2 className="size-4 animate-spin" aria-hidden /> Loading {what}…
    </p>
  );
}

export function LookupFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const consentUrl = error instanceof LookupError ? error.consentUrl : undefined;
  // Back to this dialog with its choices, not to a closed list (issue 18).
  const returnTo = useConsentReturnPath();
  if (consentUrl) {
    const link = () => `${consentUrl.split("?")[0]}?returnTo=${encodeURIComponent(returnTo())}`;
    return (
      <Alert tone="warning" role="alert">
        <p>{error.message} Without it Rotor cannot list your organizations.</p>
        <a className="mt-1 inline-block font-medium underline" href={link()} onClick={(event) => (event.currentTarget.href = link())}>
          Give Rotor access to Azure DevOps
        </a>
      </Alert>
    );
  }
  return (
    <Alert tone="danger" role="alert">
      <p>{error.message}</p>
      <Button type="button" variant="secondary" size="sm" className="mt-2" onClick={onRetry}>
        <RotateCw aria-hidden /> Retry
      </Button>
    </Alert>
  );
}

/** Asks Azure DevOps again, past the answers Rotor reuses for five minutes. */
export function RefreshLookup({ what, busy, onRefresh }: { what: string; busy: boolean; onRefresh: () => void }) {
  return (
    <Button type="button" variant="ghost" size="sm" className="h-7 px-2 text-xs" onClick={onRefresh} disabled={busy} aria-label={`Refresh ${what} from Azure DevOps`}>
      <RefreshCw aria-hidden className={busy ? "animate-spin" : undefined} /> Refresh
    </Button>
  );
}

/** A picker's label, with a Refresh control once its list has loaded. */
export function PickerLabel({ htmlFor, label, what, lookup }: { htmlFor: string; label: string; what: string; lookup: { query: { isSuccess: boolean; isFetching: boolean }; refresh: () => void } }) {
  return (
    <div className="mb-1 flex items-center justify-between gap-2">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {lookup.query.isSuccess ? <RefreshLookup what={what} busy={lookup.query.isFetching} onRefresh={lookup.refresh} /> : null}
    </div>
  );
}
