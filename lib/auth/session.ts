import "server-only";
import { auth } from "@/auth";
import { getDb } from "@/db";
import { getTenant } from "@/db/queries/tenants";
import { getUserById } from "@/db/queries/users";
import type { UserRole } from "@/db/schema";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

export type CurrentUser = {
  id: string;
  oid: string;
  tenantId: string;
  tenantName: string;
  homeTenantId: string;
  isGuest: boolean;
  role: UserRole;
  name: string;
  email: string | null;
};

/**
 * Who is asking, read from the session and confirmed against the database: the role and tenant
 * come from the user's row, never from the request. Null when signed out or the user is gone.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const db = await getDb();
  const user = getUserById(db, { userId });
  if (!user || user.tenantId !== session.user.tenantId) return null;
  const tenant = getTenant(db, { tenantId: user.tenantId });
  if (!tenant) return null;
  return {
    id: user.id,
    oid: user.oid,
    tenantId: user.tenantId,
    tenantName: tenant.name,
    homeTenantId: user.homeTenantId,
    isGuest: user.homeTenantId !== user.tenantId,
    role: user.role,
    name: user.name,
    email: user.email,
  };
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
