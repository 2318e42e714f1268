"use client";

import { Alert } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { revokeApiKey } from "@/lib/actions/api-keys/revoke-api-key";
import { Ban, Loader2 } from "lucide-react";
import { useState, useTransition } from "react";

/** Revoke, after a confirmation that says what stops working. */
export function RevokeApiKeyButton({ id, name, prefix }: { id: string; name: string; prefix: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const confirm = () =>
    startTransition(async () => {
      setError(null);
      const result = await revokeApiKey({ id });
      if (!result.ok) return setError(result.error);
      setOpen(false);
    });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button type="button" variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" aria-label={`Revoke ${name}`}>
          <Ban aria-hidden />
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>Revoke “{name}”?</AlertDialogTitle>
        <AlertDialogDescription>
          Every call with <span className="font-mono">{prefix}…</span> is refused (401) from now on, so the scheduler holding it stops rotating
          secrets until it gets a new key. Revoking cannot be undone.
        </AlertDialogDescription>
        {error ? (
          <Alert tone="danger" role="alert" className="mt-4">
            {error}
          </Alert>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button type="button" variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </AlertDialogCancel>
          {/* Not AlertDialogAction: it would close the dialog before the outcome is known. */}
          <Button type="button" variant="danger" onClick={confirm} disabled={pending}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            {pending ? "Revoking…" : "Revoke key"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
