import "server-only";
import { env } from "@/lib/env";
import { sentence, unreadable } from "./answers";
import { AzureError, label, type AzureService } from "./errors";
import { retryAfterMs } from "./retry";

/**
 * Entra ID's description is the AADSTS sentence, then its trace id, correlation id and timestamp on
 * lines of their own ("…\r\nTrace ID: …"): only the sentence is for people.
 */
export const firstLine = (text: string) => text.split(/\r\n|\r|\n/)[0]!;

/** Azure's own sentence from an error body: Graph `{error:{code,message}}`, DevOps `{message,typeKey}`, OAuth `{error_description}`. */
function describe(body: unknown): { message?: string; code?: string } {
  if (!body || typeof body !== "object") return {};
  const b = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  if (b.error && typeof b.error === "object") {
    const e = b.error as Record<string, unknown>;
    return { message: sentence(e.message), code: text(e.code) };
  }
  if (typeof b.error_description === "string") return { message: sentence(firstLine(b.error_description)), code: text(b.error) };
  if (typeof b.message === "string") return { message: sentence(b.message), code: text(b.typeKey) };
  return {};
}

/**
 * One JSON call to an Azure API with a timeout; any status above 299 becomes an AzureError
 * carrying Azure's message and Retry-After. Never includes the request (or its credential).
 */
export async function azureFetch<T>(service: AzureService, url: string, init: RequestInit = {}): Promise<{ status: number; body: T; headers: Headers }> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(env().azureTimeoutMs), cache: "no-store" });
    text = await res.text();
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    throw new AzureError(service, 0, timedOut ? `${label(service)} did not answer in time.` : `${label(service)} could not be reached.`, timedOut ? "timeout" : "network");
  }
  let body: unknown = null;
  let json = true;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    json = false;
  }
  const failed = res.status > 299 || (service === "devops" && res.status === 203);
  if (!failed && !json) throw unreadable(service, /^\s*</.test(text) ? "an HTML page came instead of JSON" : "it is not JSON");
  if (failed) {
    const { message, code } = describe(body);
    throw new AzureError(
      service,
      res.status === 203 ? 401 : res.status,
      message || `${label(service)} answered ${res.status}.`,
      code,
      retryAfterMs(res.headers.get("retry-after")),
    );
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export { label };
