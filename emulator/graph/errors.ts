import { randomUUID } from "node:crypto";

export type GraphErrorDetail = { target?: string; code: string };
export type RequestIds = { requestId: string; clientRequestId: string };

/** An expected Graph failure, answered by the Graph routes' error handler with Graph's error body. */
export class GraphError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 429,
    readonly code: string,
    message: string,
    readonly details?: GraphErrorDetail[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (id: string) =>
  new GraphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

export const insufficientPrivileges = () =>
  new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

export const badRequest = (message: string, code = "Request_BadRequest") => new GraphError(400, code, message);

/** Graph echoes the caller's `client-request-id`, or repeats its own request id when there is none. */
export function newRequestIds(clientRequestId: string | undefined): RequestIds {
  const requestId = randomUUID();
  return { requestId, clientRequestId: clientRequestId ?? requestId };
}

/** Graph's error body: `{ error: { code, message, details?, innerError: { date, request-id, client-request-id } } }`. */
export function graphErrorBody(
  code: string,
  message: string,
  ids: RequestIds,
  extra: { details?: GraphErrorDetail[]; innerError?: Record<string, string> } = {},
) {
  return {
    error: {
      code,
      message,
      ...(extra.details ? { details: extra.details } : {}),
      innerError: {
        ...extra.innerError,
        date: new Date().toISOString().replace(/\.\d+Z$/, ""),
        "request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
      },
    },
  };
}
