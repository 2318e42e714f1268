"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { endPersonSessions } from "@/lib/actions/sessions/end-person-sessions";
import { LogOut } from "lucide-react";

/** Ends every session of a person of the admin's tenant, after a confirmation that names them. */
export function EndPersonSessionsButton({ userId, name }: { userId: string; name: string }) {
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" aria-label={`End sessions of ${name}`}>
          <LogOut aria-hidden />
          End sessions
        </Button>
      }
      title={<>End every session of {name}?</>}
      description={<>{name} is signed out of Rotor in every browser at their next request, and Rotor forgets their stored Microsoft sign-in. They can sign in again unless Entra ID refuses them.</>}
      confirmLabel="End sessions"
      pendingLabel="Ending…"
      onConfirm={async () => await endPersonSessions({ userId })}
    />
  );
}
