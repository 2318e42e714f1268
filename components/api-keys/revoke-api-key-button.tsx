"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { revokeApiKey } from "@/lib/actions/api-keys/revoke-api-key";
import { Ban } from "lucide-react";

/** Revoke, after a confirmation that says what stops working. */
export function RevokeApiKeyButton({ id, name, prefix }: { id: string; name: string; prefix: string }) {
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" aria-label={`Revoke ${name}`}>
          <Ban aria-hidden />
          Revoke
        </Button>
      }
      title={<>Revoke “{name}”?</>}
      description={
        <>
          Every call with <span className="font-mono">{prefix}…</span> is refused (401) from now on, so the scheduler holding it stops rotating
          secrets until it gets a new key. Revoking cannot be undone.
        </>
      }
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      onConfirm={async () => await revokeApiKey({ id })}
      // The Revoke button is gone once the key is revoked: focus goes to the list it was in.
      onDone={() => document.getElementById("api-keys-heading")?.focus()}
    />
  );
}
