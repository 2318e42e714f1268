import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, count, desc, eq, gt, isNotNull, lte, max } from "drizzle-orm";
import type { Db } from "../index";
import { sessions, users, type Session } from "../schema";
import { withTransaction } from "../transaction";

export const hashSessionToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** Opens a session; the token goes into the cookie, only its hash into the database. */
export async function createSession(
  db: Db,
  { userId, tenantId, userAgent, maxAgeMs, now = new Date() }: { userId: string; tenantId: string; userAgent: string | null; maxAgeMs: number; now?: Date },
): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const id = randomUUID();
  await withTransaction(db, async (tx) => {
    await tx.insert(sessions).values({
      id,
      tokenHash: hashSessionToken(token),
      userId,
      tenantId,
      userAgent: userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + maxAgeMs),
      lastSeenAt: now,
      validatedAt: now,
    });
  });
  return { id, token };
}

export async function getSessionByToken(db: Db, { token }: { token: string }): Promise<Session | null> {
  const [session] = await db.select().from(sessions).where(eq(sessions.tokenHash, hashSessionToken(token))).limit(1);
  return session ?? null;
}

export async function touchSession(db: Db, { id, now = new Date() }: { id: string; now?: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  });
}

export async function markSessionValidated(db: Db, { id, now = new Date() }: { id: string; now?: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.update(sessions).set({ validatedAt: now, lastSeenAt: now }).where(eq(sessions.id, id));
  });
}

/** A person's sessions that have not reached their absolute lifetime, newest first. */
export async function listActiveSessions(db: Db, { userId, now = new Date() }: { userId: string; now?: Date }): Promise<Session[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt));
}

/** Ends one session of a user (by its public id); null when it is not theirs or already gone. */
export async function deleteSession(db: Db, { id, userId }: { id: string; userId: string }): Promise<Session | null> {
  return withTransaction(db, async (tx) => {
    const [session] = await tx.delete(sessions).where(and(eq(sessions.id, id), eq(sessions.userId, userId))).returning();
    return session ?? null;
  });
}

/** Ends every session of a user in a tenant; returns how many were open. */
export async function deleteUserSessions(db: Db, { userId, tenantId }: { userId: string; tenantId: string }): Promise<number> {
  return withTransaction(db, async (tx) => {
    const deleted = await tx.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.tenantId, tenantId))).returning({ id: sessions.id });
    return deleted.length;
  });
}

export async function countActiveSessions(db: Db, { userId, now = new Date() }: { userId: string; now?: Date }): Promise<number> {
  const [counted] = await db.select({ n: count() }).from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)));
  return counted?.n ?? 0;
}

/** Rows past their absolute lifetime; nothing can use them any more. */
export async function deleteExpiredSessions(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<number> {
  return withTransaction(db, async (tx) => {
    const deleted = await tx.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id });
    return deleted.length;
  });
}

export type TenantPerson = {
  id: string;
  name: string;
  email: string | null;
  role: "admin" | "member";
  isGuest: boolean;
  lastSignInAt: Date | null;
  activeSessions: number;
  lastSeenAt: Date | null;
};

/** The people of a tenant who have signed in, with how many sessions each holds open now. */
export async function listTenantPeople(db: Db, { tenantId, now = new Date() }: { tenantId: string; now?: Date }): Promise<TenantPerson[]> {
  const open = db
    .select({ userId: sessions.userId, n: count().as("n"), lastSeenAt: max(sessions.lastSeenAt).as("last_seen") })
    .from(sessions)
    .where(and(eq(sessions.tenantId, tenantId), gt(sessions.expiresAt, now)))
    .groupBy(sessions.userId)
    .as("open");
  const rows = await db
    .select({ user: users, n: open.n, lastSeenAt: open.lastSeenAt })
    .from(users)
    .leftJoin(open, eq(open.userId, users.id))
    .where(and(eq(users.tenantId, tenantId), isNotNull(users.lastSignInAt)))
    .orderBy(users.name);
  return rows.map(({ user, n, lastSeenAt }) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    isGuest: user.homeTenantId !== user.tenantId,
    lastSignInAt: user.lastSignInAt,
    activeSessions: n ?? 0,
    lastSeenAt: lastSeenAt == null ? null : new Date(Number(lastSeenAt)),
  }));
}
