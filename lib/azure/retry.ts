import { AzureError } from "./errors";

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
};

/** For calls that are not idempotent: only a 429 proves the request was not carried out. */
export const onlyThrottled = (error: AzureError) => error.status === 429;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 8_000 };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Runs `call` again on throttling (429), server faults (5xx) and network errors, waiting as
 * Azure's Retry-After says, else with jittered exponential backoff; at most `attempts` times.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  retryable: (error: AzureError) => boolean = (error) => error.retryable,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof AzureError) || !retryable(error) || attempt >= policy.attempts) throw error;
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await sleep(Math.min(error.retryAfterMs ?? backoff, policy.maxDelayMs));
    }
  }
}
