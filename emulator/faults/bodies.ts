import { entraErrorBody } from "../entra/errors";
import { graphErrorBody, newRequestIds } from "../graph/errors";
import type { FaultHost, OverrideAnswer } from "./rules";

type Fault = { host: FaultHost; status: number; retryAfterSeconds?: number; clientRequestId?: string };

/** An injected failure, shaped the way the service at `host` answers that status. */
export function faultResponse({ host, status, retryAfterSeconds, clientRequestId }: Fault): Response {
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  // Throttling always says when to come back; other statuses only when the rule asks.
  const retryAfter = retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  if (retryAfter !== undefined) headers.set("retry-after", String(retryAfter));
  let body: unknown;
  if (host === "graph") {
    const ids = newRequestIds(clientRequestId);
    headers.set("request-id", ids.requestId);
    headers.set("client-request-id", ids.clientRequestId);
    body = graphBody(status, ids);
  } else if (host === "login") {
    body = loginBody(status);
  } else {
    if (status === 429) {
      headers.set("x-ratelimit-resource", "ATCPU");
      headers.set("x-ratelimit-remaining", "0");
      headers.set("x-ratelimit-reset", String(Math.ceil(Date.now() / 1000) + (retryAfter ?? 1)));
    }
    body = devopsBody(status);
  }
  return new Response(JSON.stringify(body), { status, headers });
}

const GRAPH_CODES: Record<number, [string, string]> = {
  400: ["BadRequest", "Bad request."],
  401: ["InvalidAuthenticationToken", "Access token validation failure."],
  403: ["Authorization_RequestDenied", "Insufficient privileges to complete the operation."],
  404: ["Request_ResourceNotFound", "Resource not found."],
  429: ["TooManyRequests", "Please retry again later."],
  500: ["generalException", "General exception while processing."],
  502: ["BadGateway", "Bad gateway."],
  503: ["serviceNotAvailable", "The service is temporarily unavailable. Please retry later."],
  504: ["timeout", "The operation timed out."],
};

function graphBody(status: number, ids: ReturnType<typeof newRequestIds>) {
  const [code, message] = GRAPH_CODES[status] ?? ["UnknownError", "An unknown error occurred."];
  // Graph's throttling answer repeats the status inside innerError.
  const innerError = status === 429 ? { code: "429", message: "Please retry after", status: "429" } : undefined;
  return graphErrorBody(code, message, ids, { innerError });
}

function loginBody(status: number) {
  const [error, code, description]: [string, number, string] =
    status === 429
      ? ["temporarily_unavailable", 90055, "There are too many incoming requests. Please try again later."]
      : status >= 500
        ? ["temporarily_unavailable", 90033, "A transient error has occurred. Please try again."]
        : ["invalid_request", 90000, "The request was refused."];
  return entraErrorBody(error, code, description);
}

const DEVOPS_TYPES: Record<number, [string, string]> = {
  400: ["ArgumentException", "The request is not valid."],
  401: ["UnauthorizedRequestException", "The user is not authorized to access this resource."],
  403: ["AccessCheckException", "Access denied."],
  404: ["NotFoundException", "The requested resource was not found."],
  429: [
    "RequestBlockedException",
    "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'ATCPU' in namespace 'User'.",
  ],
  500: ["InternalServerErrorException", "The server encountered an error processing the request."],
  503: ["ServiceUnavailableException", "The service is temporarily unavailable. Please try again later."],
};

/** Azure DevOps (and its vssps / accounts hosts) answer `{ message, typeKey }`, which the node client surfaces. */
function devopsBody(status: number) {
  const [typeKey, message] = DEVOPS_TYPES[status] ?? ["VssServiceException", `The service answered ${status}.`];
  return { $id: "1", innerException: null, message, typeName: `Microsoft.VisualStudio.Services.WebApi.${typeKey}, Microsoft.VisualStudio.Services.WebApi`, typeKey, errorCode: 0, eventId: 3000 };
}

/** A rule's own answer: JSON `body`, else `rawBody` as given, with the content-type the rule names. */
export function overrideResponse({ status, body, rawBody, contentType, headers }: OverrideAnswer): Response {
  const json = body !== undefined;
  const text = json ? JSON.stringify(body) : (rawBody ?? "");
  const answer = new Headers(headers);
  answer.set("content-type", contentType ?? (json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8"));
  // These statuses cannot carry a body.
  const empty = status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : text, { status, headers: answer });
}
