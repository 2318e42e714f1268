"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { removeApplication } from "@/lib/actions/applications/remove-application";
import { Trash2 } from "lucide-react";

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
  return (
    <ConfirmDialog
      trigger={
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
      }
      title={<>Remove {displayName} from Rotor?</>}
      description="Nothing is deleted in Entra ID; Rotor stops rotating it. Its rotation policy, Azure DevOps binding and rotation history in Rotor are deleted. You can add it again later."
      confirmLabel="Remove from Rotor"
      pendingLabel="Removing…"
      onConfirm={() => removeApplication({ applicationId })}
      // The button that opened the dialog is gone with its row: let the list place focus.
      onDone={onRemoved ? () => onRemoved(displayName) : undefined}
    />
  );
}
