"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { endSession } from "@/lib/actions/sessions/end-session";
import { LogOut } from "lucide-react";

/** Ends one of the person's other sessions, after a confirmation. */
export function EndSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" aria-label={`End session on ${device}`}>
          <LogOut aria-hidden />
          End
        </Button>
      }
      title={<>End the session on {device}?</>}
      description="That browser is signed out at its next request, even if its cookie was copied somewhere else."
      confirmLabel="End session"
      pendingLabel="Ending…"
      onConfirm={() => endSession({ sessionId })}
    />
  );
}
