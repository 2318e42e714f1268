"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { signOutEverywhere } from "@/lib/actions/sessions/sign-out-everywhere";
import { LogOut } from "lucide-react";

/** Ends every session of the person, this one too; they land on the sign-in page. */
export function SignOutEverywhereButton() {
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="danger">
          <LogOut aria-hidden />
          Sign out everywhere
        </Button>
      }
      title="Sign out everywhere?"
      description="Every browser signed in as you is signed out, this one included, and Rotor forgets your stored Microsoft sign-in. Sign in again to continue."
      confirmLabel="Sign out everywhere"
      pendingLabel="Signing out…"
      onConfirm={async () => {
        await signOutEverywhere();
        return { ok: true };
      }}
    />
  );
}
