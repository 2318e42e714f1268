"use client";

import { Button } from "@/components/ui/button";
import { syncApplications } from "@/lib/actions/applications/sync-applications";
import { RefreshCw } from "lucide-react";
import { useState, useTransition } from "react";

/** Sync with Entra (admins): names and owners of every managed application, from Entra ID. */
export function SyncButton() {
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const sync = () =>
    startTransition(async () => {
      setOutcome(null);
      const result = await syncApplications({});
      setOutcome(result.ok ? { ok: true, text: `Synced: ${result.data.sentence}.` } : { ok: false, text: result.error });
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <Button type="button" variant="secondary" size="sm" onClick={sync} disabled={pending}>
        <RefreshCw className={pending ? "animate-spin" : undefined} aria-hidden />
        {pending ? "Syncing…" : "Sync with Entra"}
      </Button>
      <p role={outcome && !outcome.ok ? "alert" : "status"} className={`max-w-sm text-right text-xs ${outcome?.ok === false ? "text-red-700" : "text-slate-600"}`}>
        {outcome?.text}
      </p>
    </div>
  );
}
