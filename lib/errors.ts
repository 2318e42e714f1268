/**
 * The one table of expected failures: each code with the HTTP status a route handler answers and
 * whether its message may be shown to whoever asked (a person in the portal, a scheduler). An
 * AppError's message is written for them; a code whose message may not be shown is answered with
 * a plain sentence and the detail goes to the log. Mapped once per transport: server actions in
 * lib/actions/safe-action.ts, route handlers in lib/api/errors.ts.
 */
export const ERROR_TABLE = {
  unauthenticated: { status: 401, shown: true },
  forbidden: { status: 403, shown: true },
  not_found: { status: 404, shown: true },
  invalid_input: { status: 400, shown: true },
  conflict: { status: 409, shown: true },
  rate_limited: { status: 429, shown: true },
  upstream: { status: 502, shown: true },
  internal: { status: 500, shown: false },
} as const satisfies Record<string, { status: number; shown: boolean }>;

export type ErrorCode = keyof typeof ERROR_TABLE;
export const ERROR_CODES = Object.keys(ERROR_TABLE) as [ErrorCode, ...ErrorCode[]];

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    /** For route handlers: headers the answer carries (Retry-After, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = ERROR_TABLE[code].status;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
