import "server-only";
import { getDb } from "@/db";
import { pruneIdleProviderTokens } from "@/db/queries/accounts";
import { writeAudit } from "@/db/queries/audit";
import { createSession, deleteExpiredSessions, deleteSession, getSessionByToken } from "@/db/queries/sessions";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { SessionIdentity } from "../record-sign-in";
import { withTransaction } from "@/db/transaction";
import { auditActor, ROTOR } from "@/lib/actor";

/**
 * Opens the server-side session of a sign-in; its token rides in the session cookie. Each sign-in
 * also clears what nobody can use any more: sessions past their lifetime, and the sealed provider
 * tokens of people inactive for ROTOR_TOKEN_INACTIVE_DAYS (security review, finding 7).
 */
export async function startSession(signedIn: SessionIdentity, userAgent: string | null, replacing: string | null = null): Promise<string> {
  const db = await getDb();
  const { sessions: config } = env();
  const now = new Date();
  const { id, token } = await withTransaction(db, async () => {
    await deleteExpiredSessions(db, { now });
    const pruned = await pruneIdleProviderTokens(db, { before: new Date(now.getTime() - config.tokenInactiveMs), now });
    for (const { userId, tenantId } of pruned) {
      await writeAudit(db, {
        tenantId,
        actor: auditActor(ROTOR),
        action: "user.tokens_pruned",
        target: { type: "user", id: userId },
        detail: { inactiveDays: Math.round(config.tokenInactiveMs / 86_400_000) },
      });
    }
    // Signing in again in the same browser (the Azure DevOps consent does) replaces that browser's session.
    const previous = replacing ? await getSessionByToken(db, { token: replacing }) : null;
    if (previous?.userId === signedIn.userId) await deleteSession(db, { id: previous.id, userId: previous.userId });
    const session = await createSession(db, { userId: signedIn.userId, tenantId: signedIn.tenantId, userAgent, maxAgeMs: config.maxAgeMs, now });
    return session;
  });
  logger.info({ userId: signedIn.userId, session: id }, "session started");
  return token;
}
