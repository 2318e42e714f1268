"use client";

import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { refreshCredentials } from "@/lib/actions/applications/credential-snapshot";
import { RefreshCw } from "lucide-react";
import { useState, useTransition } from "react";

/**
 * How old the client secrets shown are (the page reads Rotor's snapshot, not Entra ID), and a
 * Refresh that reads them from Entra ID now.
 */
export function SecretsAge({ asOf }: { asOf: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const refresh = () =>
    startTransition(async () => {
      setError(null);
      const result = await refreshCredentials({});
      if (!result.ok) setError(result.error);
    });

  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600" data-testid="secrets-age">
      <span>
        {asOf ? (
          <>
            Client secrets as read from Entra ID <LocalTime value={asOf} />
          </>
        ) : (
          "Client secrets not read from Entra ID yet"
        )}
      </span>
      <Button type="button" variant="ghost" size="sm" className="h-7 px-2 text-xs" onClick={refresh} disabled={pending}>
        <RefreshCw className={pending ? "animate-spin" : undefined} aria-hidden /> {pending ? "Refreshing…" : "Refresh secrets"}
      </Button>
      <span role="alert" className="text-red-700 empty:hidden">
        {error}
      </span>
    </div>
  );
}
