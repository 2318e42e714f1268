import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../index";
import { users, type User, type UserRole } from "../schema";
import { withTransaction } from "../transaction";

export async function getUserById(db: Db, { userId }: { userId: string }): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user ?? null;
}

/** What Rotor recorded of people who signed in (their ID token's name and email claims), by object id in the tenant. */
export async function listSignedInUsers(db: Db, { tenantId, oids }: { tenantId: string; oids: string[] }): Promise<{ oid: string; name: string; email: string | null }[]> {
  if (oids.length === 0) return [];
  return db
    .select({ oid: users.oid, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.oid, [...new Set(oids)])));
}

export type SignedInIdentity = {
  tenantId: string;
  oid: string;
  homeTenantId: string;
  email: string | null;
  name: string;
  role: UserRole;
};

/** Inserts or refreshes the user row for a sign-in; the role follows the latest token. */
export async function upsertSignedInUser(db: Db, identity: SignedInIdentity, now = new Date()): Promise<User> {
  return withTransaction(db, async (tx) => {
    const [existing] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, identity.tenantId), eq(users.oid, identity.oid)))
      .limit(1);
    const [row] = existing
      ? await tx
          .update(users)
          .set({ email: identity.email, name: identity.name, role: identity.role, homeTenantId: identity.homeTenantId, lastSignInAt: now })
          .where(eq(users.id, existing.id))
          .returning()
      : await tx
          .insert(users)
          .values({ id: randomUUID(), ...identity, lastSignInAt: now })
          .returning();
    return row!;
  });
}

export async function setUserRole(db: Db, { userId, role }: { userId: string; role: UserRole }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.update(users).set({ role }).where(eq(users.id, userId));
  });
}
