import "server-only";
import type { Db } from "@/db";
import { getSessionByToken, touchSession } from "@/db/queries/sessions";
import type { Session } from "@/db/schema";
import { env } from "@/lib/env";
import { confirmWithEntra } from "./revalidate";

/** Last-seen is written at most this often, so reading pages does not write the database each time. */
const TOUCH_EVERY_MS = 60_000;
/**
 * When Entra ID cannot be reached, a session stays usable until its last confirmation is this
 * old, then ends: the role is recomputed at least hourly (security review, finding 4), and an
 * outage of a few minutes does not sign everyone out.
 */
const UNCONFIRMED_LIMIT_MS = 3_600_000;

const inflight = new Map<string, Promise<boolean>>();
/** After Entra ID could not be reached for a session, when to ask again (not on every request). */
const quietUntil = new Map<string, number>();

/**
 * The live session a cookie's session token names, or null: ended (sign-out, "sign out
 * everywhere", an admin), past its absolute lifetime, or refused by Entra ID. When the last
 * confirmation by Entra ID is older than ROTOR_SESSION_REVALIDATE_SECONDS it asks again; one call
 * per session at a time, however many requests arrive together.
 */
export async function resolveSession(db: Db, token: string, now = new Date()): Promise<Session | null> {
  const session = await getSessionByToken(db, { token });
  if (!session || session.expiresAt <= now) return null;
  const age = now.getTime() - session.validatedAt.getTime();
  const { revalidateMs } = env().sessions;
  if (age >= revalidateMs && (quietUntil.get(session.id) ?? 0) <= now.getTime()) {
    let running = inflight.get(session.id);
    if (!running) {
      running = confirmWithEntra(db, session)
        .then((verdict) => {
          if (verdict !== "unavailable") return quietUntil.delete(session.id), verdict === "confirmed";
          quietUntil.set(session.id, Date.now() + Math.max(revalidateMs, 30_000));
          return age < UNCONFIRMED_LIMIT_MS;
        })
        .finally(() => inflight.delete(session.id));
      inflight.set(session.id, running);
    }
    if (!(await running)) return null;
    return await getSessionByToken(db, { token });
  }
  if (age >= UNCONFIRMED_LIMIT_MS) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await touchSession(db, { id: session.id, now });
  return session;
}
