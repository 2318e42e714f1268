/**
 * Reads a server action's answer out of Next's RSC (Flight) response: row 0 names the row that
 * holds the action's return value (`"a":"$@1"`); an `E` row there is an error the action did not
 * handle. Only what our actions return is decoded: JSON with `$undefined` and `$$`-escaped strings.
 */
export type RscAnswer = { kind: "result"; value: unknown } | { kind: "error"; row: string } | { kind: "none" };

function rows(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/s.exec(line);
    if (match) out.set(match[1]!, match[2]!);
  }
  return out;
}

function revive(value: unknown): unknown {
  if (typeof value === "string") {
    if (value === "$undefined") return undefined;
    return value.startsWith("$$") ? value.slice(1) : value;
  }
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === "$undefined" ? [] : [[k, revive(v)]])));
  }
  return value;
}

export function parseActionAnswer(text: string): RscAnswer {
  const table = rows(text);
  const root = table.get("0");
  if (!root) return { kind: "none" };
  let ref: unknown;
  try {
    ref = (JSON.parse(root) as { a?: unknown }).a;
  } catch {
    return { kind: "none" };
  }
  if (typeof ref !== "string" || !ref.startsWith("$@")) return { kind: "none" };
  const row = table.get(ref.slice(2));
  if (row === undefined) return { kind: "none" };
  if (row.startsWith("E")) return { kind: "error", row };
  try {
    return { kind: "result", value: revive(JSON.parse(row)) };
  } catch {
    return { kind: "none" };
  }
}

/** Encodes action arguments as React's client does: a JSON array, strings starting with `$` escaped as `$$`. */
export function encodeArgs(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) => (typeof value === "string" && value.startsWith("$") ? `$${value}` : value));
}
