import "server-only";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { loadCurrentUser, type CurrentUser } from "./current-user";
import { resolveSession } from "./sessions/resolve";

export type { CurrentUser };

const COOKIE = "authjs.session-token";
const SECURE_COOKIE = `__Secure-${COOKIE}`;

/**
 * The session cookie's content (Auth.js' JWT), read from the cookie alone: the session token in it
 * never goes into the session object Auth.js hands the browser at /api/auth/session.
 */
async function sessionCookie() {
  const jar = await cookies();
  const secure = jar.getAll().some((c) => c.name.startsWith(SECURE_COOKIE));
  const cookie = jar.getAll().map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join("; ");
  if (!cookie) return null;
  return getToken({ req: { headers: { cookie } }, secret: env().authSecret, secureCookie: secure, cookieName: secure ? SECURE_COOKIE : COOKIE });
}

/** The session token of the cookie this request carries, if any (open or not). */
export async function currentSessionToken(): Promise<string | null> {
  return (await sessionCookie())?.sid ?? null;
}

/** The server-side session the cookie names, if it is still open; with its public id for sign-out. */
export const getSessionContext = cache(async (): Promise<{ user: CurrentUser; sessionId: string } | null> => {
  const token = await sessionCookie();
  if (!token?.sid || !token.uid) return null;
  const db = await getDb();
  const session = await resolveSession(db, token.sid);
  if (!session || session.userId !== token.uid) return null;
  const user = await loadCurrentUser(db, { userId: session.userId });
  return user && user.tenantId === session.tenantId ? { user, sessionId: session.id } : null;
});

/**
 * Who is asking, read from the session and confirmed against the database: the session must be
 * open on the server (a copied cookie of an ended session is worth nothing), and the role and
 * tenant come from the user's row, never from the request. Null when signed out or the user is gone.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => (await getSessionContext())?.user ?? null);

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
