import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../index";
import { users, type User, type UserRole } from "../schema";

export function getUserById(db: Db, { userId }: { userId: string }): User | null {
  return db.select().from(users).where(eq(users.id, userId)).get() ?? null;
}

/** What Rotor recorded of people who signed in (their ID token's name and email claims), by object id in the tenant. */
export function listSignedInUsers(db: Db, { tenantId, oids }: { tenantId: string; oids: string[] }): { oid: string; name: string; email: string | null }[] {
  if (oids.length === 0) return [];
  return db
    .select({ oid: users.oid, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.oid, [...new Set(oids)])))
    .all();
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
export function upsertSignedInUser(db: Db, identity: SignedInIdentity, now = new Date()): User {
  const existing = db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, identity.tenantId), eq(users.oid, identity.oid)))
    .get();
  if (existing) {
    return db
      .update(users)
      .set({ email: identity.email, name: identity.name, role: identity.role, homeTenantId: identity.homeTenantId, lastSignInAt: now })
      .where(eq(users.id, existing.id))
      .returning()
      .get();
  }
  return db
    .insert(users)
    .values({ id: randomUUID(), ...identity, lastSignInAt: now })
    .returning()
    .get();
}

export function setUserRole(db: Db, { userId, role }: { userId: string; role: UserRole }): void {
  db.update(users).set({ role }).where(eq(users.id, userId)).run();
}
