import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, notInArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../index";
import { rotationIdempotencyKeys, rotationOutput, rotations, type Rotation, type RotationState } from "../schema";

const FINISHED: RotationState[] = ["succeeded", "failed"];

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
 * (`replayed`). Every key is remembered with the rotation it got. `onCreated` runs inside the
 * same transaction, so what it writes (the audit entry) exists exactly when the rotation does.
 */
export function createOrGetActiveRotation(
  db: Db,
  input: NewRotation,
  { onCreated, now = new Date() }: { onCreated?: (rotation: Rotation) => void; now?: Date } = {},
): { rotation: Rotation; created: boolean; replayed: boolean } {
  const { idempotencyKey, ...values } = input;
  const remember = (rotationId: string) => {
    if (idempotencyKey) db.insert(rotationIdempotencyKeys).values({ tenantId: input.tenantId, key: idempotencyKey, rotationId, createdAt: now }).run();
  };
  return db.transaction(() => {
    if (idempotencyKey) {
      // Expired keys of every tenant go first (indexed by age), so an old value is free again.
      db.delete(rotationIdempotencyKeys).where(lte(rotationIdempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))).run();
      const earlier = db
        .select({ rotation: rotations })
        .from(rotationIdempotencyKeys)
        .innerJoin(rotations, eq(rotations.id, rotationIdempotencyKeys.rotationId))
        .where(and(eq(rotationIdempotencyKeys.tenantId, input.tenantId), eq(rotationIdempotencyKeys.key, idempotencyKey)))
        .get();
      if (earlier) return { rotation: earlier.rotation, created: false, replayed: true };
    }
    const active = getActiveRotation(db, { applicationId: input.applicationId });
    if (active) {
      // So a retry with this key, after the rotation has finished, still finds it.
      remember(active.id);
      return { rotation: active, created: false, replayed: false };
    }
    const id = randomUUID();
    const rotation = db
      .insert(rotations)
      .values({ id, ...values, state: "pending", newSecretName: `Rotor rotation ${id}` })
      .returning()
      .get();
    remember(id);
    onCreated?.(rotation);
    return { rotation, created: true, replayed: false };
  }, { behavior: "immediate" });
}

export function getActiveRotation(db: Db, { applicationId }: { applicationId: string }): Rotation | null {
  return db.select().from(rotations).where(and(eq(rotations.applicationId, applicationId), notInArray(rotations.state, FINISHED))).get() ?? null;
}

export function getRotation(db: Db, { rotationId, tenantId }: { rotationId: string; tenantId: string }): Rotation | null {
  return db.select().from(rotations).where(and(eq(rotations.id, rotationId), eq(rotations.tenantId, tenantId))).get() ?? null;
}

/** Takes the rotation's lease when it is free or expired; false when another runner holds it. */
export function acquireLease(db: Db, { rotationId, owner, ttlMs, now = Date.now() }: { rotationId: string; owner: string; ttlMs: number; now?: number }): boolean {
  const result = db
    .update(rotations)
    .set({ leaseOwner: owner, leaseExpiresAt: new Date(now + ttlMs) })
    .where(
      and(
        eq(rotations.id, rotationId),
        notInArray(rotations.state, FINISHED),
        or(isNull(rotations.leaseOwner), eq(rotations.leaseOwner, owner), lt(rotations.leaseExpiresAt, new Date(now))),
      ),
    )
    .run();
  return result.changes === 1;
}

/** Journals a step: only the lease holder may move the rotation on. */
export function advanceRotation(
  db: Db,
  { rotationId, owner, ttlMs, changes }: { rotationId: string; owner: string; ttlMs: number; changes: Partial<Omit<Rotation, "id" | "tenantId" | "applicationId">> },
): Rotation {
  const finished = changes.state && FINISHED.includes(changes.state);
  const row = db
    .update(rotations)
    .set({ ...changes, ...(finished ? { leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() } : { leaseExpiresAt: new Date(Date.now() + ttlMs) }) })
    .where(and(eq(rotations.id, rotationId), eq(rotations.leaseOwner, owner)))
    .returning()
    .get();
  if (!row) throw new Error(`Rotation ${rotationId} is no longer held by this runner.`);
  return row;
}

export function appendOutput(db: Db, { rotationId, message, level = "info", at = new Date() }: { rotationId: string; message: string; level?: "info" | "warn" | "error"; at?: Date }): void {
  db.insert(rotationOutput).values({ rotationId, message, level, at }).run();
}

export function listOutput(db: Db, { rotationId, afterId = 0 }: { rotationId: string; afterId?: number }) {
  return db
    .select()
    .from(rotationOutput)
    .where(and(eq(rotationOutput.rotationId, rotationId), gt(rotationOutput.id, afterId)))
    .orderBy(asc(rotationOutput.id))
    .all();
}

/** Unfinished rotations whose runner is gone (lease expired or never taken): to recover. */
export function listRecoverable(db: Db, { now = new Date(), tenantId }: { now?: Date; tenantId?: string } = {}): Rotation[] {
  return db
    .select()
    .from(rotations)
    .where(
      and(
        notInArray(rotations.state, FINISHED),
        or(isNull(rotations.leaseExpiresAt), lt(rotations.leaseExpiresAt, now)),
        tenantId ? eq(rotations.tenantId, tenantId) : undefined,
      ),
    )
    .all();
}

/** Unfinished rotations whose lease is still running, with its holder (to spot a holder that died). */
export function listLeased(db: Db, { now = new Date(), tenantId }: { now?: Date; tenantId?: string } = {}): (Rotation & { leaseOwner: string })[] {
  return db
    .select()
    .from(rotations)
    .where(and(notInArray(rotations.state, FINISHED), gte(rotations.leaseExpiresAt, now), tenantId ? eq(rotations.tenantId, tenantId) : undefined))
    .all()
    .filter((r): r is Rotation & { leaseOwner: string } => r.leaseOwner !== null);
}

/** Ends the lease of a holder known to be gone, so the rotation is recoverable now; only while that holder still has it. */
export function expireLease(db: Db, { rotationId, owner, now = new Date() }: { rotationId: string; owner: string; now?: Date }): boolean {
  const result = db
    .update(rotations)
    .set({ leaseExpiresAt: new Date(now.getTime() - 1) })
    .where(and(eq(rotations.id, rotationId), eq(rotations.leaseOwner, owner), notInArray(rotations.state, FINISHED)))
    .run();
  return result.changes === 1;
}

/** Succeeded rotations whose old secrets are due for removal. */
export function listOldSecretsDue(db: Db, { now = new Date(), tenantId }: { now?: Date; tenantId?: string } = {}): Rotation[] {
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
    )
    .all();
}

/** Rolled-back rotations whose new secret Graph may still create (see rotations.lateSecretCheckUntil). */
export function listLateSecretChecks(db: Db, { tenantId }: { tenantId?: string } = {}): Rotation[] {
  return db
    .select()
    .from(rotations)
    .where(and(eq(rotations.state, "failed"), isNotNull(rotations.lateSecretCheckUntil), tenantId ? eq(rotations.tenantId, tenantId) : undefined))
    .all();
}

export function endLateSecretCheck(db: Db, { rotationId }: { rotationId: string }): void {
  db.update(rotations).set({ lateSecretCheckUntil: null }).where(eq(rotations.id, rotationId)).run();
}

export function markOldSecretsRemoved(db: Db, { rotationId, at = new Date() }: { rotationId: string; at?: Date }): void {
  db.update(rotations).set({ oldSecretsRemovedAt: at }).where(eq(rotations.id, rotationId)).run();
}

/** The application's succeeded rotation whose old secrets Rotor has still to remove, if any. */
export function getPendingOldSecretRemoval(db: Db, { applicationId }: { applicationId: string }): Rotation | null {
  return (
    db
      .select()
      .from(rotations)
      .where(and(eq(rotations.applicationId, applicationId), eq(rotations.state, "succeeded"), isNull(rotations.oldSecretsRemovedAt), isNotNull(rotations.oldSecretsRemoveAfter)))
      .orderBy(desc(rotations.createdAt))
      .get() ?? null
  );
}

export function listRotationsForApplication(db: Db, { applicationId, limit = 20 }: { applicationId: string; limit?: number }): Rotation[] {
  return db.select().from(rotations).where(eq(rotations.applicationId, applicationId)).orderBy(desc(rotations.createdAt)).limit(limit).all();
}

const latestOf = alias(rotations, "latest_of");

export function latestRotations(db: Db, { applicationIds }: { applicationIds: string[] }): Map<string, Rotation> {
  if (applicationIds.length === 0) return new Map();
  // Only each application's newest rotation (its index on application_id, created_at answers the
  // subquery), not every rotation it ever had: the Applications page asks on every render.
  const newest = db
    .select({ createdAt: sql`max(${latestOf.createdAt})` })
    .from(latestOf)
    .where(eq(latestOf.applicationId, rotations.applicationId));
  const rows = db
    .select()
    .from(rotations)
    .where(and(inArray(rotations.applicationId, applicationIds), eq(rotations.createdAt, sql`(${newest})`)))
    .orderBy(desc(rotations.createdAt))
    .all();
  const latest = new Map<string, Rotation>();
  for (const row of rows) if (!latest.has(row.applicationId)) latest.set(row.applicationId, row);
  return latest;
}
