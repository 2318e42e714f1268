"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Loader2, RefreshCcw } from "lucide-react";
import type { Ref } from "react";

/**
 * The row's Rotate: every rotation creates a new client secret in Entra ID, so it asks first and
 * says what will happen; the outcome is shown in the row (RowRotationStatus).
 */
export function RotateNowButton({
  displayName,
  connection,
  overlapHours,
  running,
  onConfirm,
  triggerRef,
}: {
  displayName: string;
  /** The bound service connection in words, or null. */
  connection: string | null;
  overlapHours: number;
  running: boolean;
  onConfirm: () => Promise<{ ok: true } | { ok: false; error: string }>;
  /** So the row can put focus back here when its status (and its Dismiss button) goes away. */
  triggerRef?: Ref<HTMLButtonElement>;
}) {
  const old = overlapHours === 0 ? "The old secret is removed at once." : `The old secret keeps working for ${overlapHours} h, then Rotor removes it.`;
  return (
    <ConfirmDialog
      trigger={
        // Not disabled while rotating: focus returns here when the confirmation closes, and a second
        // press only follows the running rotation (the server never starts two at once).
        <Button ref={triggerRef} type="button" variant="ghost" size="sm" aria-label={`Rotate now: ${displayName}`}>
          {running ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCcw aria-hidden />}
          <span className="sr-only sm:not-sr-only">{running ? "Rotating…" : "Rotate"}</span>
        </Button>
      }
      title={<>Rotate {displayName} now?</>}
      description={
        <>
          Rotor creates a new client secret in Entra ID
          {connection ? <>, writes it into the service connection {connection}</> : <> (no service connection is bound, so none is updated)</>}. {old}
        </>
      }
      confirmLabel="Rotate now"
      pendingLabel="Starting…"
      confirmVariant="primary"
      onConfirm={onConfirm}
    />
  );
}
