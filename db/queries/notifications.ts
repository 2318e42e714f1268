import "server-only";
import { and, desc, eq, gt, inArray, isNull, lte, notExists, or, sql } from "drizzle-orm";
import type { Db } from "../index";
import { withTransaction } from "../transaction";
import { applications, dueRuns, notificationChannels, notificationEvents, notificationOutbox, rotations, type OutboxRow } from "../schema";

export type OutboxInsert = Pick<typeof notificationOutbox.$inferInsert, "id" | "tenantId" | "channelId" | "recipient" | "eventType" | "dedupKey" | "message" | "nextAttemptAt">;

/** Queues messages; one already queued for the same channel, recipient and dedup key is left as it is. Answers the rows added. */
export async function enqueueMessages(db: Db, rows: OutboxInsert[]): Promise<OutboxRow[]> {
  return withTransaction(db, async (tx) => {
    if (!rows.length) return [];
    return tx.insert(notificationOutbox).values(rows).onConflictDoNothing().returning();
  });
}

/** Notes that an event was fanned out (after its messages are queued); true when it was new. */
export async function recordEvent(db: Db, { tenantId, type, sourceId }: { tenantId: string; type: string; sourceId: string }): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const added = await tx.insert(notificationEvents).values({ tenantId, type, sourceId }).onConflictDoNothing().returning();
    return added.length > 0;
  });
}

const notAnnounced = (db: Db, type: string) =>
  notExists(
    db
      .select({ one: sql`1` })
      .from(notificationEvents)
      .where(and(eq(notificationEvents.type, type), eq(notificationEvents.sourceId, rotations.id))),
  );

/**
 * Succeeded rotations whose old secrets were due to go between `since` and `before` and are still
 * there (removal keeps failing, e.g. Entra ID refuses), not announced yet, with their application.
 */
export async function listUnannouncedStuckOldSecrets(db: Db, { since, before, limit = 50 }: { since: Date; before: Date; limit?: number }) {
  return db
    .select({ rotation: rotations, application: applications })
    .from(rotations)
    .innerJoin(applications, eq(applications.id, rotations.applicationId))
    .where(
      and(
        eq(rotations.state, "succeeded"),
        isNull(rotations.oldSecretsRemovedAt),
        gt(rotations.oldSecretsRemoveAfter, since),
        lte(rotations.oldSecretsRemoveAfter, before),
        notAnnounced(db, "old_secret.not_removed"),
      ),
    )
    .limit(limit);
}

/** Due runs finished since `since` whose summary has not been considered yet. */
export async function listUnannouncedDueRuns(db: Db, { since, limit = 50 }: { since: Date; limit?: number }) {
  return db
    .select()
    .from(dueRuns)
    .where(
      and(
        gt(dueRuns.finishedAt, since),
        notExists(
          db
            .select({ one: sql`1` })
            .from(notificationEvents)
            .where(and(eq(notificationEvents.type, "due_run.summary"), eq(notificationEvents.sourceId, dueRuns.id))),
        ),
      ),
    )
    .limit(limit);
}

/** Failed rotations since `since` whose failure has not been announced yet, with their application. */
export async function listUnannouncedFailedRotations(db: Db, { since, limit = 50 }: { since: Date; limit?: number }) {
  return db
    .select({ rotation: rotations, application: applications })
    .from(rotations)
    .innerJoin(applications, eq(applications.id, rotations.applicationId))
    .where(
      and(
        eq(rotations.state, "failed"),
        gt(rotations.finishedAt, since),
        notAnnounced(db, "rotation.failed"),
      ),
    )
    .limit(limit);
}

/**
 * Claims up to `limit` due messages for `owner` until `leaseUntil`. A row is due when pending,
 * its next attempt has come and nobody holds a live lease on it (a worker that died lets its
 * lease run out and the row is claimed again). Each claim is a conditional update, so two
 * workers never hold the same row.
 */
export async function claimDueMessages(db: Db, { owner, now, leaseUntil, limit = 10 }: { owner: string; now: Date; leaseUntil: Date; limit?: number }): Promise<OutboxRow[]> {
  return withTransaction(db, async (tx) => {
    const free = or(isNull(notificationOutbox.leaseExpiresAt), lte(notificationOutbox.leaseExpiresAt, now));
    const due = and(eq(notificationOutbox.status, "pending"), lte(notificationOutbox.nextAttemptAt, now), free);
    const candidates = await tx.select({ id: notificationOutbox.id }).from(notificationOutbox).where(due).orderBy(notificationOutbox.nextAttemptAt).limit(limit);
    if (!candidates.length) return [];
    return tx
      .update(notificationOutbox)
      .set({ leaseOwner: owner, leaseExpiresAt: leaseUntil })
      .where(and(inArray(notificationOutbox.id, candidates.map((c) => c.id)), due))
      .returning();
  });
}

/** Acknowledged: never sent again. Only the lease holder may acknowledge. */
export async function markDelivered(db: Db, { id, owner, now }: { id: string; owner: string; now: Date }): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const rows = await tx
      .update(notificationOutbox)
      .set({ status: "delivered", deliveredAt: now, attempts: sql`${notificationOutbox.attempts} + 1`, leaseOwner: null, leaseExpiresAt: null, lastError: null })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.leaseOwner, owner)))
      .returning({ id: notificationOutbox.id });
    return rows.length > 0;
  });
}

/** A failed attempt: tried again at `retryAt`, or given up (`failed`) when it is null. */
export async function markAttemptFailed(db: Db, { id, owner, error, retryAt }: { id: string; owner: string; error: string; retryAt: Date | null }): Promise<void> {
  return withTransaction(db, async (tx) => {
    await tx
      .update(notificationOutbox)
      .set({
        status: retryAt ? "pending" : "failed",
        attempts: sql`${notificationOutbox.attempts} + 1`,
        nextAttemptAt: retryAt ?? sql`${notificationOutbox.nextAttemptAt}`,
        lastError: error.slice(0, 500),
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.leaseOwner, owner)));
  });
}

/** The delivery log: the tenant's messages, newest first, with their channel's name. */
export async function listDeliveries(db: Db, { tenantId, limit = 100, offset = 0 }: { tenantId: string; limit?: number; offset?: number }) {
  const rows = await db
    .select({
      id: notificationOutbox.id,
      channelName: notificationChannels.name,
      channelKind: notificationChannels.kind,
      recipient: notificationOutbox.recipient,
      eventType: notificationOutbox.eventType,
      message: notificationOutbox.message,
      status: notificationOutbox.status,
      attempts: notificationOutbox.attempts,
      nextAttemptAt: notificationOutbox.nextAttemptAt,
      lastError: notificationOutbox.lastError,
      createdAt: notificationOutbox.createdAt,
      deliveredAt: notificationOutbox.deliveredAt,
    })
    .from(notificationOutbox)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationOutbox.channelId))
    .where(eq(notificationOutbox.tenantId, tenantId))
    .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id))
    .limit(limit)
    .offset(offset);
  // The title is read here rather than with a JSON operator, which differs between SQLite and PostgreSQL.
  return rows.map(({ message, ...row }) => ({ ...row, title: typeof message.title === "string" ? message.title : null }));
}

/** A message sent right away by "Send a test": queued already leased to the sender, so the worker leaves it alone. */
export async function insertLeasedMessage(db: Db, row: OutboxInsert & { leaseOwner: string; leaseExpiresAt: Date }): Promise<OutboxRow> {
  return withTransaction(db, async (tx) => {
    const [added] = await tx.insert(notificationOutbox).values(row).returning();
    return added!;
  });
}

/** Whether an event was already fanned out (reminders check before asking Entra ID and resolving owners). */
export async function isEventRecorded(db: Db, { type, sourceId }: { type: string; sourceId: string }): Promise<boolean> {
  const rows = await db.select({ type: notificationEvents.type }).from(notificationEvents).where(and(eq(notificationEvents.type, type), eq(notificationEvents.sourceId, sourceId))).limit(1);
  return rows.length > 0;
}
