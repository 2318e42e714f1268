import "server-only";
import type { Db } from "@/db";
import { getTenant } from "@/db/queries/tenants";
import { getUserById } from "@/db/queries/users";
import type { UserRole } from "@/db/schema";

/** A person signed in to the portal, as every check sees them: the person kind of lib/actor.ts's Actor. */
export type CurrentUser = {
  kind: "person";
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

/** A user as Rotor's checks see them, from their row and their tenant's; null when either is gone. */
export async function loadCurrentUser(db: Db, { userId }: { userId: string }): Promise<CurrentUser | null> {
  const user = await getUserById(db, { userId });
  if (!user) return null;
  const tenant = await getTenant(db, { tenantId: user.tenantId });
  if (!tenant) return null;
  return {
    kind: "person",
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
}
