/**
 * A sliding-window log of failures per key (a client address, an API key prefix): a key that
 * failed `limit` times within the last `windowMs` must wait until its oldest failure leaves the
 * window. In memory, per process: enough for one Rotor process (the embedded default and a single
 * container); several replicas would each keep their own window, so the effective limit is
 * `limit × replicas` — still far below what guessing a 256-bit key would need.
 */
export type LimiterOptions = {
  limit: number;
  windowMs: number;
  /** Keys remembered at most; the least recently failed one is forgotten first. */
  maxKeys?: number;
  now?: () => number;
};

export class SlidingWindowLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor({ limit, windowMs, maxKeys = 10_000, now = Date.now }: LimiterOptions) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.now = now;
  }

  /** Whole seconds `key` must wait before its next attempt counts; 0 when it may go ahead. */
  retryAfterSeconds(key: string): number {
    const times = this.recent(key);
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[0]! + this.windowMs - this.now()) / 1000));
  }

  /** Records a failed attempt of `key`. */
  fail(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    // Only the newest `limit` failures decide when the key may try again.
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.failures.delete(key); // re-inserted last: Map order is then least recently failed first
    this.failures.set(key, times);
    if (this.failures.size > this.maxKeys) this.evict();
  }

  /** How many keys are remembered (for tests and bounds). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  private evict(): void {
    const since = this.now() - this.windowMs;
    for (const [key, times] of this.failures) if (times.every((t) => t <= since)) this.failures.delete(key);
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}

/** 10 failed attempts a minute per client address, and per key prefix (a guess at one key from many addresses). */
export const FAILURE_LIMIT = { limit: 10, windowMs: 60_000 } as const;

const globalLimits = globalThis as unknown as { rotorApiLimits?: { byAddress: SlidingWindowLimiter; byPrefix: SlidingWindowLimiter } };

/** The process's limiters, shared by every route module (Next may load each route's bundle separately). */
export function apiFailureLimits() {
  globalLimits.rotorApiLimits ??= { byAddress: new SlidingWindowLimiter(FAILURE_LIMIT), byPrefix: new SlidingWindowLimiter(FAILURE_LIMIT) };
  return globalLimits.rotorApiLimits;
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
