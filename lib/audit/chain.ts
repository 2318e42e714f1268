import { createHash } from "node:crypto";

/**
 * The audit log's hash chain. Each tenant's entries are numbered 1, 2, 3… (`seq`); entry n carries
 * SHA-256 over its canonical content, which includes entry n−1's hash. Changing, removing or
 * moving an entry therefore breaks the chain at that entry or the one after it.
 *
 * The hash is not keyed: it shows that history was changed, not who may write it. Someone able to
 * rewrite every later entry and the head could hide an edit; a head hash kept outside Rotor (the
 * export prints it, as does `rotor audit verify`) catches that too.
 */
export const GENESIS_HASH = "0".repeat(64);
/** Bumped if the canonical form ever changes; part of every hash, so old and new never mix silently. */
const CHAIN_VERSION = 1;

/** What the hash covers: every column but the row id (assigned by the database) and the hash itself. */
export type ChainedContent = {
  tenantId: string;
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string;
};

/** JSON with object keys sorted at every depth, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    // undefined (absent in the stored JSON) and non-finite numbers (stored as null) read back as null.
    if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return "null";
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The exact text an entry's hash is taken over. */
export function canonicalEntry(entry: ChainedContent): string {
  return canonicalJson({
    v: CHAIN_VERSION,
    tenantId: entry.tenantId,
    seq: entry.seq,
    at: entry.at.getTime(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    detail: entry.detail,
    prevHash: entry.prevHash,
  });
}

export function hashEntry(entry: ChainedContent): string {
  return createHash("sha256").update(canonicalEntry(entry), "utf8").digest("hex");
}
