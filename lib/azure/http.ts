import "server-only";
import { env } from "@/lib/env";
import { AzureError, type AzureService } from "./errors";
import { retryAfterMs } from "./retry";

/** Azure's own sentence from an error body: Graph `{error:{code,message}}`, DevOps `{message,typeKey}`, OAuth `{error_description}`. */
function describe(body: unknown): { message?: string; code?: string } {
  if (!body || typeof body !== "object") return {};
  const b = body as Record<string, unknown>;
  if (b.error && typeof b.error === "object") {
    const e = b.error as Record<string, unknown>;
    return { message: String(e.message ?? ""), code: String(e.code ?? "") };
  }
  if (typeof b.error_description === "string") return { message: b.error_description.split(" Trace ID:")[0], code: String(b.error ?? "") };
  if (typeof b.message === "string") return { message: b.message, code: typeof b.typeKey === "string" ? b.typeKey : undefined };
  return {};
}

/**
 * One JSON call to an Azure API with a timeout; any status above 299 becomes an AzureError
 * carrying Azure's message and Retry-After. Never includes the request (or its credential).
 */
export async function azureFetch<T>(service: AzureService, url: string, init: RequestInit = {}): Promise<{ status: number; body: T; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(env().azureTimeoutMs), cache: "no-store" });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    throw new AzureError(service, 0, timedOut ? `${label(service)} did not answer in time.` : `${label(service)} could not be reached.`, timedOut ? "timeout" : "network");
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.status > 299 || (service === "devops" && res.status === 203)) {
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

export function label(service: AzureService): string {
  return { entra: "Microsoft Entra ID", graph: "Microsoft Graph", devops: "Azure DevOps" }[service];
}
