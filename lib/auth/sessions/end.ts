import "server-only";
import type { Db } from "@/db";
import { deleteProviderTokens } from "@/db/queries/accounts";
import { writeAudit, type AuditInput } from "@/db/queries/audit";
import { countActiveSessions, deleteSession, deleteUserSessions } from "@/db/queries/sessions";
import { getUserById } from "@/db/queries/users";
import { AppError } from "@/lib/errors";
import type { CurrentUser } from "../current-user";
import { withTransaction } from "@/db/transaction";

export type EndReason = "signed_out" | "ended_by_user" | "signed_out_everywhere" | "ended_by_admin" | "entra_refused" | "expired";

const personActor = (user: Pick<CurrentUser, "id" | "name">): AuditInput["actor"] => ({ type: "user", id: user.id, name: user.name });
const ROTOR: AuditInput["actor"] = { type: "system", id: null, name: "Rotor" };

/**
 * The sealed refresh token grants Azure DevOps `user_impersonation` for as long as it lives: once
 * a person has no open session, nothing of theirs may use it, so it goes (security review, finding 7).
 * While another session is open it stays, because that session's look-ups and its periodic
 * confirmation with Entra ID need it.
 */
async function dropTokensWhenNoSessionLeft(db: Db, userId: string): Promise<boolean> {
  return await countActiveSessions(db, { userId }) === 0 && await deleteProviderTokens(db, { userId });
}

/** Sign-out: ends the session the cookie names, wherever the cookie was copied. */
export async function endCurrentSession(db: Db, user: CurrentUser, sessionId: string): Promise<void> {
  await withTransaction(db, async () => {
    await deleteSession(db, { id: sessionId, userId: user.id });
    const tokensDeleted = await dropTokensWhenNoSessionLeft(db, user.id);
    await writeAudit(db, {
      tenantId: user.tenantId,
      actor: personActor(user),
      action: "user.signed_out",
      target: { type: "user", id: user.id },
      detail: { session: sessionId, tokensDeleted },
    });
  });
}

/** A person ends one of their own sessions (another device, a forgotten browser). */
export async function endOwnSession(db: Db, user: CurrentUser, { sessionId }: { sessionId: string }): Promise<{ ended: true }> {
  return await withTransaction(db, async () => {
    const ended = await deleteSession(db, { id: sessionId, userId: user.id });
    if (!ended) throw new AppError("not_found", "That session has already ended.");
    const tokensDeleted = await dropTokensWhenNoSessionLeft(db, user.id);
    await writeAudit(db, {
      tenantId: user.tenantId,
      actor: personActor(user),
      action: "session.ended",
      target: { type: "user", id: user.id },
      detail: { session: sessionId, reason: "ended_by_user" satisfies EndReason, tokensDeleted },
    });
    return { ended: true as const };
  });
}

/** "Sign out everywhere": every session of the person, this one included, and their provider tokens. */
export async function endAllOwnSessions(db: Db, user: CurrentUser): Promise<{ ended: number }> {
  return await withTransaction(db, async () => {
    const ended = await deleteUserSessions(db, { userId: user.id, tenantId: user.tenantId });
    const tokensDeleted = await deleteProviderTokens(db, { userId: user.id });
    await writeAudit(db, {
      tenantId: user.tenantId,
      actor: personActor(user),
      action: "session.ended_all",
      target: { type: "user", id: user.id },
      detail: { sessions: ended, reason: "signed_out_everywhere" satisfies EndReason, tokensDeleted },
    });
    return { ended };
  });
}

/** A tenant admin ends every session of a person of their own tenant (a stolen laptop, a leaver). */
export async function endPersonSessions(db: Db, admin: CurrentUser, { userId }: { userId: string }): Promise<{ ended: number; name: string }> {
  if (admin.role !== "admin") throw new AppError("forbidden", "Only tenant admins can do this.");
  return await withTransaction(db, async () => {
    const person = await getUserById(db, { userId });
    // Another tenant's person is reported exactly like one that does not exist.
    if (!person || person.tenantId !== admin.tenantId) throw new AppError("not_found", "No such person in your tenant.");
    const ended = await deleteUserSessions(db, { userId, tenantId: admin.tenantId });
    const tokensDeleted = await deleteProviderTokens(db, { userId });
    await writeAudit(db, {
      tenantId: admin.tenantId,
      actor: personActor(admin),
      action: "session.ended_all",
      target: { type: "user", id: userId },
      detail: { sessions: ended, reason: "ended_by_admin" satisfies EndReason, person: person.name, tokensDeleted },
    });
    return { ended, name: person.name };
  });
}

/** Entra ID no longer knows the person (removed, disabled, sign-in revoked): Rotor forgets every session. */
export async function endSessionsRefusedByEntra(db: Db, { userId, tenantId, why }: { userId: string; tenantId: string; why: string }): Promise<void> {
  await withTransaction(db, async () => {
    const ended = await deleteUserSessions(db, { userId, tenantId });
    const tokensDeleted = await deleteProviderTokens(db, { userId });
    await writeAudit(db, {
      tenantId,
      actor: ROTOR,
      action: "session.ended_all",
      target: { type: "user", id: userId },
      detail: { sessions: ended, reason: "entra_refused" satisfies EndReason, why, tokensDeleted },
    });
  });
}
