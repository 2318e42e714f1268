import type { Context } from "hono";
import { randomUUID } from "node:crypto";

/** Entra's OAuth error body: `error`, an AADSTS description, codes and correlation ids. */
export function oauthError(c: Context, status: 400 | 401, error: string, code: number, description: string) {
  const correlationId = randomUUID();
  return c.json(
    {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: correlationId,
    },
    status,
  );
}
