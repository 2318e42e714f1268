import type { Context } from "hono";
import { randomUUID } from "node:crypto";

/** Entra's timestamp form in error bodies: `2016-01-09 02:02:12Z`. */
const entraTimestamp = (at: Date) => at.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");

/**
 * Entra's OAuth error body as Microsoft documents it (v2-oauth2-client-creds-grant-flow, "Error
 * response"): the description is the AADSTS sentence, then the trace id, correlation id and time on
 * their own CRLF-separated lines, and `trace_id` / `correlation_id` / `timestamp` repeat them.
 */
export function entraErrorBody(error: string, code: number, description: string, at = new Date()) {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = entraTimestamp(at);
  return {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  };
}

export function oauthError(c: Context, status: 400 | 401, error: string, code: number, description: string) {
  return c.json(entraErrorBody(error, code, description), status);
}
