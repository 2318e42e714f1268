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
import { removeApplication } from "@/lib/actions/applications/remove-application";
import { Loader2, Trash2 } from "lucide-react";
import { useRef, useState, useTransition } from "react";

/** Remove from Rotor, after a confirmation that says what it does (and what it does not). */
export function RemoveApplicationButton({
  applicationId,
  displayName,
  onRemoved,
}: {
  applicationId: string;
  displayName: string;
  /** Called once removed, when the dialog lets go of focus: this row (and its button) are gone. */
  onRemoved?: (displayName: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const removed = useRef(false);

  const confirm = () =>
    startTransition(async () => {
      setError(null);
      const result = await removeApplication({ applicationId });
      if (!result.ok) return setError(result.error);
      removed.current = true;
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
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="w-8 px-0 text-red-700 hover:bg-red-50"
          aria-label={`Remove ${displayName} from Rotor`}
          title="Remove from Rotor"
        >
          <Trash2 aria-hidden />
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        onCloseAutoFocus={(event) => {
          // The button that opened the dialog is gone with its row: let the list place focus.
          if (!removed.current) return;
          event.preventDefault();
          onRemoved?.(displayName);
        }}
      >
        <AlertDialogTitle>Remove {displayName} from Rotor?</AlertDialogTitle>
        <AlertDialogDescription>
          Nothing is deleted in Entra ID; Rotor stops rotating it. Its rotation policy, Azure DevOps binding and rotation history in Rotor
          are deleted. You can add it again later.
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
            {pending ? "Removing…" : "Remove from Rotor"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
