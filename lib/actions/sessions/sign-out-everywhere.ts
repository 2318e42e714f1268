"use server";

import { signOut } from "@/auth";
import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import { endAllOwnSessions } from "@/lib/auth/sessions/end";

/** "Sign out everywhere": ends every session of the caller, this one included, and forgets their provider tokens. */
export async function signOutEverywhere(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await endAllOwnSessions(await getDb(), user);
  await signOut({ redirectTo: "/signin" });
}
