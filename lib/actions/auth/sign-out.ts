"use server";

import { signOut } from "@/auth";
import { getDb } from "@/db";
import { writeAudit } from "@/db/queries/audit";
import { getCurrentUser } from "@/lib/auth/session";

/** Ends the session; a signed-in user's sign-out is audited, an anonymous call changes nothing. */
export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) {
    writeAudit(await getDb(), {
      tenantId: user.tenantId,
      actor: { type: "user", id: user.id, name: user.name },
      action: "user.signed_out",
      target: { type: "user", id: user.id },
    });
  }
  await signOut({ redirectTo: "/signin" });
}
