import type { ActionResult } from "@/lib/actions/safe-action";

/** A failed look-up, as React Query sees it: the action's sentence, and whether a retry may help. */
export class LookupError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly consentUrl?: string,
  ) {
    super(message);
  }
}

/** Turns a server action's result into a value for React Query, or a LookupError to show. */
export async function unwrap<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const outcome = await result;
  if (outcome.ok) return outcome.data;
  throw new LookupError(outcome.error, outcome.code === "upstream", outcome.consentUrl);
}

/** Retries transient failures twice (with React Query's backoff); a refusal is shown at once. */
export const retryTransient = (failures: number, error: Error) => error instanceof LookupError && error.transient && failures < 2;
