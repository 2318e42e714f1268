import "server-only";
import { invalidInput } from "./errors";

/** Scheduler API bodies are tiny option objects; anything larger is refused before it is parsed. */
export const MAX_BODY_BYTES = 8 * 1024;

/**
 * The request's JSON body, or undefined when there is none. Refuses (400) a body over
 * MAX_BODY_BYTES — by its Content-Length, or while reading a chunked one — and text that is not JSON.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const tooLarge = () => invalidInput(`The request body is larger than ${maxBytes / 1024} KiB; scheduler API bodies are small JSON objects.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return undefined;

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidInput("The request body is not valid JSON. Send a JSON object (Content-Type: application/json), or no body.");
  }
}
