import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, notInArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../index";
import { FINISHED_STATES, isFinished, type Rotation } from "../schema";
import { rotationIdempotencyKeys, rotationOutput, rotations } from "../tables";
import { withTransaction } from "../transaction";
import { lockUntilCommit } from "../transaction-pg";

/** How long an Idempotency-Key keeps answering with its rotation; after that the value may start a new one. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export type NewRotation = {
  tenantId: string;
  applicationId: string;
  trigger: Rotation["trigger"];
  requestedBy: string;
  idempotencyKey?: string | null;
};

/**
 * Starts a rotation, or hands back the one already running for the application (the database's
 * partial unique index makes this hold across processes), or the one an idempotency key names
 * (`replayed`). Every key is remembered with the rotation it got. In the caller's transaction when
 * there is one (lib/rotation/runner.ts writes the audit entry in the same one).
 */
export async function createOrGetActiveRotation(
  db: Db,
  input: NewRotation,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ rotation: Rotation; created: boolean; replayed: boolean }> {
  const { idempotencyKey, ...values } = input;
  return withTransaction(db, async (tx) => {
    // Look-then-insert, serialised per key and per application (PostgreSQL; SQLite's writers are already one at a time).
    if (idempotencyKey) await lockUntilCommit(tx, `idempotency:${input.tenantId}:${idempotencyKey}`);
    await lockUntilCommit(tx, `rotation:${input.applicationId}`);
    const remember = async (rotationId: string) => {
      if (idempotencyKey) await tx.insert(rotationIdempotencyKeys).values({ tenantId: input.tenantId, key: idempotencyKey, rotationId, createdAt: now });
    };
    if (idempotencyKey) {
      // Expired keys of every tenant go first (indexed by age), so an old value is free again.
      await tx.delete(rotationIdempotencyKeys).where(lte(rotationIdempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)));
      const [earlier] = await tx
        .select({ rotation: rotations })
        .from(rotationIdempotencyKeys)
        .innerJoin(rotations, eq(rotations.id, rotationIdempotencyKeys.rotationId))
        .where(and(eq(rotationIdempotencyKeys.tenantId, input.tenantId), eq(rotationIdempotencyKeys.key, idempotencyKey)))
        .limit(1);
      if (earlier) return { rotation: earlier.rotation, created: false, replayed: true };
    }
    const active = await getActiveRotation(tx, { applicationId: input.applicationId });
    if (active) {
      // So a retry with this key, after the rotation has finished, still finds it.
      await remember(active.id);
      return { rotation: active, created: false, replayed: false };
    }
    const id = randomUUID();
    const [rotation] = await tx
      .insert(rotations)
      .values({ id, ...values, state: "pending", newSecretName: `Rotor rotation ${id}` })
      .returning();
    await remember(id);
    return { rotation: rotation!, created: true, replayed: false };
  });
}

export async function getActiveRotation(db: Db, { applicationId }: { applicationId: string }): Promise<Rotation | null> {
  const [active] = await db.select().from(rotations).where(and(eq(rotations.applicationId, applicationId), notInArray(rotations.state, [...FINISHED_STATES]))).limit(1);
  return active ?? null;
}

export async function getRotation(db: Db, { rotationId, tenantId }: { rotationId: string; tenantId: string }): Promise<Rotation | null> {
  const [rotation] = await db.select().from(rotations).where(and(eq(rotations.id, rotationId), eq(rotations.tenantId, tenantId))).limit(1);
  return rotation ?? null;
}

/** Takes the rotation's lease when it is free or expired; false when another runner holds it. */
export async function acquireLease(db: Db, { rotationId, owner, ttlMs, now = Date.now() }: { rotationId: string; owner: string; ttlMs: number; now?: number }): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const taken = await tx
      .update(rotations)
      .set({ leaseOwner: owner, leaseExpiresAt: new Date(now + ttlMs) })
      .where(
        and(
          eq(rotations.id, rotationId),
          notInArray(rotations.state, [...FINISHED_STATES]),
          or(isNull(rotations.leaseOwner), eq(rotations.leaseOwner, owner), lt(rotations.leaseExpiresAt, new Date(now))),
        ),
      )
      .returning({ id: rotations.id });
    return taken.length === 1;
  });
}

/** Journals a step: only the lease holder may move the rotation on. */
export async function advanceRotation(
  db: Db,
  { rotationId, owner, ttlMs, changes }: { rotationId: string; owner: string; ttlMs: number; changes: Partial<Omit<Rotation, "id" | "tenantId" | "applicationId">> },
): Promise<Rotation> {
  const finished = changes.state && isFinished(changes.state);
  const [row] = await withTransaction(db, async (tx) =>
    tx
      .update(rotations)
      .set({ ...changes, ...(finished ? { leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() } : { leaseExpiresAt: new Date(Date.now() + ttlMs) }) })
      .where(and(eq(rotations.id, rotationId), eq(rotations.leaseOwner, owner)))
      .returning(),
  );
  if (!row) throw new Error(`Rotation ${rotationId} is no longer held by this runner.`);
  return row;
}

export async function appendOutput(db: Db, { rotationId, message, level = "info", at = new Date() }: { rotationId: string; message: string; level?: "info" | "warn" | "error"; at?: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.insert(rotationOutput).values({ rotationId, message, level, at });
  });
}

export async function listOutput(db: Db, { rotationId, afterId = 0 }: { rotationId: string; afterId?: number }) {
  return db
    .select()
    .from(rotationOutput)
    .where(and(eq(rotationOutput.rotationId, rotationId), gt(rotationOutput.id, afterId)))
    .orderBy(asc(rotationOutput.id));
}

/** Unfinished rotations whose runner is gone (lease expired or never taken): to recover. */
export async function listRecoverable(db: Db, { now = new Date(), tenantId }: { now?: Date; tenantId?: string } = {}): Promise<Rotation[]> {
  return db
    .select()
    .from(rotations)
    .where(
      and(
        notInArray(rotations.state, [...FINISHED_STATES]),
        or(isNull(rotations.leaseExpiresAt), lt(rotations.leaseExpiresAt, now)),
        tenantId ? eq(rotations.tenantId, tenantId) : undefined,
      ),
    );
}

/** Unfinished rotations whose lease is still running, with its holder (to spot a holder that died). */
export async function listLeased(db: Db, { now = new Date(), tenantId }: { now?: Date; tenantId?: string } = {}): Promise<(Rotation & { leaseOwner: string })[]> {
  const rows = await db
    .select()
    .from(rotations)
    .where(and(notInArray(rotations.state, [...FINISHED_STATES]), gte(rotations.leaseExpiresAt, now), tenantId ? eq(rotations.tenantId, tenantId) : undefined));
  return rows.filter((r): r is Rotation & { leaseOwner: string } => r.leaseOwner !== null);
}

/** Ends the lease of a holder known to be gone, so the rotation is recoverable now; only while that holder still has it. */
export async function expireLease(db: Db, { rotationId, owner, now = new Date() }: { rotationId: string; owner: string; now?: Date }): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const expired = await tx
      .update(rotations)
      .set({ leaseExpiresAt: new Date(now.getTime() - 1) })
      .where(and(eq(rotations.id, rotationId), eq(rotations.leaseOwner, owner), notInArray(rotations.state, [...FINISHED_STATES])))
      .returning({ id: rotations.id });
    return expired.length === 1;
  });
}

/** Succeeded rotations whose old secrets are due for removal. */
export async function listOldSecretsDue(db: Db, { now = new Date(), tenantId }: { now?: Date; tenantId?: string } = {}): Promise<Rotation[]> {
  return db
    .select()
    .from(rotations)
    .where(
      and(
        eq(rotations.state, "succeeded"),
        isNull(rotations.oldSecretsRemovedAt),
        lte(rotations.oldSecretsRemoveAfter, now),
        tenantId ? eq(rotations.tenantId, tenantId) : undefined,
      ),
    );
}

/** Rolled-back rotations whose new secret Graph may still create (see rotations.lateSecretCheckUntil). */
export async function listLateSecretChecks(db: Db, { tenantId }: { tenantId?: string } = {}): Promise<Rotation[]> {
  return db
    .select()
    .from(rotations)
    .where(and(eq(rotations.state, "failed"), isNotNull(rotations.lateSecretCheckUntil), tenantId ? eq(rotations.tenantId, tenantId) : undefined));
}

export async function endLateSecretCheck(db: Db, { rotationId }: { rotationId: string }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.update(rotations).set({ lateSecretCheckUntil: null }).where(eq(rotations.id, rotationId));
  });
}

export async function markOldSecretsRemoved(db: Db, { rotationId, at = new Date() }: { rotationId: string; at?: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.update(rotations).set({ oldSecretsRemovedAt: at }).where(eq(rotations.id, rotationId));
  });
}

/** The application's succeeded rotation whose old secrets Rotor has still to remove, if any. */
export async function getPendingOldSecretRemoval(db: Db, { applicationId }: { applicationId: string }): Promise<Rotation | null> {
  const [pending] = await db
    .select()
    .from(rotations)
    .where(and(eq(rotations.applicationId, applicationId), eq(rotations.state, "succeeded"), isNull(rotations.oldSecretsRemovedAt), isNotNull(rotations.oldSecretsRemoveAfter)))
    .orderBy(desc(rotations.createdAt))
    .limit(1);
  return pending ?? null;
}

export async function listRotationsForApplication(db: Db, { applicationId, limit = 20 }: { applicationId: string; limit?: number }): Promise<Rotation[]> {
  return db.select().from(rotations).where(eq(rotations.applicationId, applicationId)).orderBy(desc(rotations.createdAt)).limit(limit);
}

const latestOf = alias(rotations, "latest_of");

export async function latestRotations(db: Db, { applicationIds }: { applicationIds: string[] }): Promise<Map<string, Rotation>> {
  if (applicationIds.length === 0) return new Map();
  // Only each application's newest rotation (its index on application_id, created_at answers the
  // subquery), not every rotation it ever had: the Applications page asks on every render.
  const newest = db
    .select({ createdAt: sql`max(${latestOf.createdAt})` })
    .from(latestOf)
    .where(eq(latestOf.applicationId, rotations.applicationId));
  const rows = await db
    .select()
    .from(rotations)
    .where(and(inArray(rotations.applicationId, applicationIds), eq(rotations.createdAt, sql`(${newest})`)))
    .orderBy(desc(rotations.createdAt));
  const latest = new Map<string, Rotation>();
  for (const row of rows) if (!latest.has(row.applicationId)) latest.set(row.applicationId, row);
  return latest;
}

/**
 * The secrets each application is retiring: the old ones of a succeeded rotation, still in their
 * overlap (not removed yet). They stay valid until removed, but no longer count for when the
 * application falls due, and the page shows them as retiring rather than expiring.
 */
export async function retiringKeyIds(db: Db, { tenantId }: { tenantId: string }): Promise<Map<string, Map<string, Date>>> {
  const rows = await db
    .select({ applicationId: rotations.applicationId, oldKeyIds: rotations.oldKeyIds, removeAfter: rotations.oldSecretsRemoveAfter })
    .from(rotations)
    .where(and(eq(rotations.tenantId, tenantId), eq(rotations.state, "succeeded"), isNull(rotations.oldSecretsRemovedAt), isNotNull(rotations.oldSecretsRemoveAfter)));
  const byApp = new Map<string, Map<string, Date>>();
  for (const row of rows) {
    const keys = byApp.get(row.applicationId) ?? new Map<string, Date>();
    for (const keyId of row.oldKeyIds ?? []) keys.set(keyId, row.removeAfter!);
    byApp.set(row.applicationId, keys);
  }
  return byApp;
}
