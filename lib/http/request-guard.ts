/**
 * Requests Next.js itself would fail on with a bare 500 before any of Rotor's code runs: a path
 * with a malformed percent-escape, and server-action calls whose body is not what React's client
 * sends (not JSON, not an argument list, Flight references to parts that do not exist, absurd
 * nesting, or too big). proxy.ts answers them with a clear 4xx instead.
 */

/** Rotor's forms send a few hundred bytes; nothing legitimate comes near this. */
export const ACTION_BODY_LIMIT = 256 * 1024;
const MAX_DEPTH = 32;
const MAX_NODES = 10_000;

/** String forms React's client uses for values JSON lacks; any other "$…" points into a multipart body. */
const SCALAR = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D\d{4}-|n-?\d+$)/;

export type Refusal = { status: 400 | 413 | 414; message: string };

/** Rotor's addresses (a sign-in callback included) are far shorter; a longer one would come back
 * twice in a redirect's headers, past what HTTP clients accept. */
export const URL_LIMIT = 6 * 1024;

export function checkPath(pathname: string, urlLength = pathname.length): Refusal | null {
  if (urlLength > URL_LIMIT) return { status: 414, message: "The address is too long." };
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    return { status: 400, message: "The address has a malformed percent-escape (a % not followed by two hex digits)." };
  }
}

/** Checks the body of a server-action call sent as text (the JSON-encoded argument list). */
export function checkActionBody(text: string): Refusal | null {
  if (text.length > ACTION_BODY_LIMIT) return { status: 413, message: "The request is too large." };
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return { status: 400, message: "The request body is not valid JSON." };
  }
  if (!Array.isArray(args)) return { status: 400, message: "The request body is not a list of arguments." };
  let nodes = 0;
  const walk = (value: unknown, depth: number): string | null => {
    if (++nodes > MAX_NODES) return "The request holds too many values.";
    if (depth > MAX_DEPTH) return "The request is nested too deeply.";
    if (typeof value === "string") return value.startsWith("$") && !SCALAR.test(value) ? "The request refers to data it does not carry." : null;
    if (value === null || typeof value !== "object") return null;
    for (const item of Array.isArray(value) ? value : Object.values(value)) {
      const problem = walk(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  const problem = walk(args, 0);
  return problem ? { status: 400, message: problem } : null;
}
