import "server-only";
import { auth } from "@/auth";
import { getDb } from "@/db";
import { loadCurrentUser, type CurrentUser } from "./current-user";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

export type { CurrentUser };

/**
 * Who is asking, read from the session and confirmed against the database: the role and tenant
 * come from the user's row, never from the request. Null when signed out or the user is gone.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = loadCurrentUser(await getDb(), { userId });
  return user && user.tenantId === session.user.tenantId ? user : null;
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  return user;
}

/** For admin pages: anyone else gets a 404, so the page's existence is not disclosed. */
export async function requireAdmin(): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.role !== "admin") notFound();
  return user;
}
