"use server";

import { signOut } from "@/auth";
import { getDb } from "@/db";
import { getSessionContext } from "@/lib/auth/session";
import { endCurrentSession } from "@/lib/auth/sessions/end";

/**
 * Ends the session on the server as well as in this browser, so a copy of the cookie made before
 * is refused too; a signed-in user's sign-out is audited, an anonymous call changes nothing.
 */
export async function signOutAction(): Promise<void> {
  const current = await getSessionContext();
  if (current) await endCurrentSession(await getDb(), current.user, current.sessionId);
  await signOut({ redirectTo: "/signin" });
}
