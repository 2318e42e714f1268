import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { advanceRotation, appendOutput } from "@/db/queries/rotations";
import type { Rotation } from "@/db/schema";
import { logger } from "@/lib/logger";

/** This process; each run adds its own suffix, so two runs in one process cannot share a lease. */
export const RUNNER_ID = `${hostname()}:${process.pid}`;

export function newRunId(): string {
  return `${RUNNER_ID}:${randomBytes(4).toString("hex")}`;
}
export const LEASE_TTL_MS = 60_000;

/**
 * A rotation's journal as the engine writes it: every step is persisted before the next remote
 * call, and every line of output is timestamped. Callers never pass a secret value here.
 */
export class Journal {
  constructor(
    private readonly db: Db,
    public rotation: Rotation,
    private readonly owner: string,
  ) {}

  say(message: string, level: "info" | "warn" | "error" = "info"): void {
    appendOutput(this.db, { rotationId: this.rotation.id, message, level });
    logger.info({ rotationId: this.rotation.id, applicationId: this.rotation.applicationId, level }, message);
  }

  advance(changes: Parameters<typeof advanceRotation>[1]["changes"]): Rotation {
    this.rotation = advanceRotation(this.db, { rotationId: this.rotation.id, owner: this.owner, ttlMs: LEASE_TTL_MS, changes });
    return this.rotation;
  }

  /** Keeps the lease alive during a long step (waiting for propagation). */
  renew(): void {
    this.advance({});
  }
}
