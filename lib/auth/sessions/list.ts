import "server-only";
import type { Db } from "@/db";
import { listActiveSessions, listTenantPeople } from "@/db/queries/sessions";
import type { CurrentUser } from "../current-user";

/** The person's own open sessions, as the Sessions page shows them (never a token or its hash). */
export async function listOwnSessions(db: Db, user: CurrentUser, currentSessionId: string) {
  return (await listActiveSessions(db, { userId: user.id })).map((s) => ({
    id: s.id,
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    current: s.id === currentSessionId,
  }));
}

/** For System → People: the admin's tenant's people who signed in, with their open sessions. */
export async function listPeopleWithSessions(db: Db, admin: CurrentUser) {
  if (admin.role !== "admin") return [];
  return (await listTenantPeople(db, { tenantId: admin.tenantId })).map((p) => ({
    ...p,
    lastSignInAt: p.lastSignInAt?.toISOString() ?? null,
    lastSeenAt: p.lastSeenAt?.toISOString() ?? null,
  }));
}
export type PersonSummary = Awaited<ReturnType<typeof listPeopleWithSessions>>[number];
