import "server-only";
import type { Db } from "@/db";
import { recentAuthFailures, recordAuthFailure } from "@/db/queries/auth-failures";

/**
 * A sliding-window log of failures per key (a client address, an API key prefix): a key that
 * failed `limit` times within the last `windowMs` must wait until its oldest failure leaves the
 * window. Kept in the database, so every instance behind a load balancer counts the same
 * failures: the limit holds for the whole installation, not per process. Two instances failing
 * the same key at the same instant may each record one failure past the limit; the next attempt
 * is refused everywhere.
 */
export type LimiterOptions = {
  /** Names the limiter's buckets (`address`, `prefix`): its keys never meet another limiter's. */
  name: string;
  limit: number;
  windowMs: number;
  now?: () => number;
};

export class SlidingWindowLimiter {
  private readonly name: string;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    { name, limit, windowMs, now = Date.now }: LimiterOptions,
  ) {
    this.name = name;
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Whole seconds `key` must wait before its next attempt counts; 0 when it may go ahead. */
  async retryAfterSeconds(key: string): Promise<number> {
    const now = this.now();
    const times = await recentAuthFailures(this.db, { bucket: this.bucket(key), since: new Date(now - this.windowMs), limit: this.limit });
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[0]!.getTime() + this.windowMs - now) / 1000));
  }

  /** Records a failed attempt of `key` (and forgets failures that left every window). */
  async fail(key: string): Promise<void> {
    const now = this.now();
    await recordAuthFailure(this.db, { bucket: this.bucket(key), at: new Date(now), forgetBefore: new Date(now - this.windowMs) });
  }

  private bucket(key: string): string {
    return `${this.name}:${key}`;
  }
}

/** 10 failed attempts a minute per client address, and per key prefix (a guess at one key from many addresses). */
export const FAILURE_LIMIT = { limit: 10, windowMs: 60_000 } as const;

/** The installation's failure limits, counted in `db`. */
export function apiFailureLimits(db: Db) {
  return {
    byAddress: new SlidingWindowLimiter(db, { name: "address", ...FAILURE_LIMIT }),
    byPrefix: new SlidingWindowLimiter(db, { name: "prefix", ...FAILURE_LIMIT }),
  };
}

/** The bucket of every caller whose address Rotor cannot trust (no trusted proxy in front). */
export const UNTRUSTED_ADDRESS = "untrusted";

/**
 * The caller's address, as the outermost of `trustedHops` reverse proxies saw it: each proxy
 * appends the address it received the request from to X-Forwarded-For, so the entry
 * `trustedHops` from the end was written by a proxy Rotor trusts; everything before it may be
 * the client's own invention. With no trusted proxy (0, the default) the header is ignored:
 * exposed directly, `next start` keeps whatever header a client sent, so every caller falls in
 * one shared bucket. That bucket only ever delays failures — a valid key is never refused.
 */
export function clientAddress(request: Request, trustedHops: number): string {
  if (trustedHops < 1) return UNTRUSTED_ADDRESS;
  const hops = (request.headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  // Fewer entries than trusted proxies: the request did not come through all of them.
  return hops.length >= trustedHops ? hops[hops.length - trustedHops]! : UNTRUSTED_ADDRESS;
}
