import "server-only";
import { AzureError } from "@/lib/azure/errors";
import { label } from "@/lib/azure/http";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { z } from "zod";
import type { ApiErrorCode } from "./schemas";

/** A scheduler API failure with its status, code, a sentence for the caller and any headers (Retry-After). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const unauthenticated = (message: string) =>
  new ApiError(401, "unauthenticated", message, { "www-authenticate": 'Bearer realm="rotor"' });

export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(429, "rate_limited", `Too many failed attempts; try again in ${retryAfterSeconds} s.`, { "retry-after": String(retryAfterSeconds) });

export const invalidInput = (message: string) => new ApiError(400, "invalid_input", message);

/** Zod's issues as one sentence that names each field: "body.concurrency: must be from 1 to 32". */
export function describeIssues(where: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = [where, ...issue.path.map(String)].join(".");
      return issue.code === "unrecognized_keys" ? `${path}: unknown field(s) ${issue.keys.map((k) => `\`${k}\``).join(", ")}` : `${path}: ${issue.message}`;
    })
    .join("; ");
}

export const NO_STORE = { "cache-control": "no-store" };

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

function errorBody(status: number, code: ApiErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return json({ error: { code, message } }, { status, headers });
}

/**
 * The one place scheduler API failures become HTTP: typed errors keep their status and sentence;
 * Azure's failures become 502 with Azure's own sentence; anything else is logged and answered
 * with a bare 500, so no stack or internal detail reaches a caller.
 */
export function toErrorResponse(error: unknown, context: { route: string; keyId?: string }): Response {
  if (error instanceof ApiError) return errorBody(error.status, error.code, error.message, error.headers);
  if (isAppError(error)) return errorBody(error.status, error.code, error.message);
  if (error instanceof AzureError) {
    logger.warn({ ...context, service: error.service, status: error.status }, "Azure call failed in a scheduler API call");
    const hint = error.retryable ? " Try again later." : "";
    return errorBody(502, "upstream", `${label(error.service)}: ${error.message}${hint}`);
  }
  logger.error({ ...context, err: (error as Error)?.message }, "scheduler API call failed");
  return errorBody(500, "internal", "Something went wrong in Rotor. Try again; if it keeps failing, ask the tenant admin to read the server log.");
}
