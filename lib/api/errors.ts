import "server-only";
import { AzureError } from "@/lib/azure/errors";
import { label } from "@/lib/azure/http";
import { AppError, ERROR_TABLE, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { z } from "zod";
import type { ApiErrorCode } from "./schemas";

export const unauthenticated = (message: string) => new AppError("unauthenticated", message, undefined, { "www-authenticate": 'Bearer realm="rotor"' });

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError("rate_limited", `Too many failed attempts; try again in ${retryAfterSeconds} s.`, undefined, { "retry-after": String(retryAfterSeconds) });

export const invalidInput = (message: string) => new AppError("invalid_input", message);

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
 * The one place route handlers' failures become HTTP: an AppError answers with its code's status
 * from lib/errors.ts's table and its sentence; Azure's failures become 502 with Azure's own
 * sentence; anything else is logged and answered with a bare 500, so no stack or internal detail
 * reaches a caller.
 */
export function toErrorResponse(error: unknown, context: { route: string; keyId?: string }): Response {
  if (isAppError(error) && ERROR_TABLE[error.code].shown) return errorBody(error.status, error.code, error.message, error.headers);
  if (error instanceof AzureError) {
    logger.warn({ ...context, service: error.service, status: error.status }, "Azure call failed in a scheduler API call");
    const hint = error.retryable ? " Try again later." : "";
    return errorBody(ERROR_TABLE.upstream.status, "upstream", `${label(error.service)}: ${error.message}${hint}`);
  }
  logger.error({ ...context, err: (error as Error)?.message }, "scheduler API call failed");
  return errorBody(ERROR_TABLE.internal.status, "internal", "Something went wrong in Rotor. Try again; if it keeps failing, ask the tenant admin to read the server log.");
}
