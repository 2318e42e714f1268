import "server-only";
import { randomBytes } from "node:crypto";
import { readlinkSync } from "node:fs";
import { hostname } from "node:os";
import type { Db } from "@/db";
import { advanceRotation, appendOutput } from "@/db/queries/rotations";
import type { Rotation } from "@/db/schema";
import { logger } from "@/lib/logger";

/** The host and its pid namespace: a pid means something only within both. */
const HOST = `${hostname()}${pidNamespace()}`;
/** This process's incarnation: a restarted process can get the same pid, never the same instance. */
const INSTANCE = randomBytes(4).toString("hex");
/** This process (`host:pid:instance`); each run adds its own suffix, so two runs in one process cannot share a lease. */
export const RUNNER_ID = `${HOST}:${process.pid}:${INSTANCE}`;

export function newRunId(): string {
  return `${RUNNER_ID}:${randomBytes(4).toString("hex")}`;
}

/**
 * Whether the runner holding a lease is certainly gone, so its rotation can be taken over before
 * the lease runs out: it ran on this host in a process that no longer exists, or in an earlier
 * incarnation of this pid. Anything else (another host, an owner name of another shape, a live
 * process) is left to the lease's expiry.
 */
export function runnerIsGone(owner: string, { host = HOST, pid = process.pid, instance = INSTANCE, alive = processExists } = {}): boolean {
  const match = /^(.+):(\d+):([0-9a-f]{8}):[0-9a-f]{8}$/.exec(owner);
  if (!match || match[1] !== host) return false;
  const ownerPid = Number(match[2]);
  return ownerPid === pid ? match[3] !== instance : !alive(ownerPid);
}

function pidNamespace(): string {
  try {
    return `/${readlinkSync("/proc/self/ns/pid").replace(/\D/g, "")}`;
  } catch {
    return "";
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, but belongs to someone else
  }
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

  async say(message: string, level: "info" | "warn" | "error" = "info"): Promise<void> {
    await appendOutput(this.db, { rotationId: this.rotation.id, message, level });
    logger.info({ rotationId: this.rotation.id, applicationId: this.rotation.applicationId, level }, message);
  }

  async advance(changes: Parameters<typeof advanceRotation>[1]["changes"]): Promise<Rotation> {
    this.rotation = await advanceRotation(this.db, { rotationId: this.rotation.id, owner: this.owner, ttlMs: LEASE_TTL_MS, changes });
    return this.rotation;
  }

  /** Keeps the lease alive during a long step (waiting for propagation). */
  async renew(): Promise<void> {
    await this.advance({});
  }
}
