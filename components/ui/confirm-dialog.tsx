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
import { Loader2 } from "lucide-react";
import { useRef, useState, useTransition, type ReactElement, type ReactNode } from "react";

type Outcome = { ok: true } | { ok: false; error: string };

/**
 * A destructive action behind a confirmation: the dialog stays open (and cannot be dismissed)
 * while the action runs, shows its error in place, and closes only once it succeeded.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  pendingLabel,
  onConfirm,
  onDone,
  confirmVariant = "danger",
}: {
  /** The button that opens the dialog (rendered as the trigger). */
  trigger: ReactElement;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => Promise<Outcome>;
  /**
   * Called after success, when the dialog lets go of focus, instead of returning focus to the
   * trigger (for a trigger that is gone with what it acted on).
   */
  onDone?: () => void;
  /** `primary` for an action that creates rather than destroys (the row's Rotate). */
  confirmVariant?: "danger" | "primary";
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const done = useRef(false);

  const confirm = () =>
    startTransition(async () => {
      setError(null);
      const result = await onConfirm();
      if (!result.ok) return setError(result.error);
      done.current = true;
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
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent
        onCloseAutoFocus={(event) => {
          if (!done.current || !onDone) return;
          event.preventDefault();
          onDone();
        }}
      >
        <AlertDialogTitle>{title}</AlertDialogTitle>
        <AlertDialogDescription>{description}</AlertDialogDescription>
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
          <Button type="button" variant={confirmVariant} onClick={confirm} disabled={pending}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
