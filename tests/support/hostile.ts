import fc from "fast-check";
import { expect } from "vitest";
import { addFault, removeFault } from "./rotor";

/** What a fault rule's `respond` sends instead of the emulated service's answer (see emulator/faults/rules.ts). */
export type HostileAnswer = { status: number; body?: unknown; rawBody?: string; contentType?: string; forward?: boolean };
export type Match = { host?: string; method?: string; path: string };

/** Answers `match` with `answer` while `run` runs; the rule is removed whatever happens. */
export async function whileAnswering<T>(match: Match, answer: HostileAnswer, run: () => Promise<T>): Promise<T> {
  const id = await addFault({ ...match, respond: answer });
  expect(id, "the emulator took the rule").toBeTruthy();
  try {
    return await run();
  } finally {
    await removeFault(id);
  }
}

/**
 * The sentence a person would see, as the server actions and the rotation history build it:
 * Rotor's own errors (AzureError and its kinds, AppError) by their message; anything else is a
 * crash that would surface as "Something went wrong" and a stack in the log — a failure here.
 */
export function expectClearError(error: unknown, context = ""): string {
  const e = error as { name?: string; message?: unknown; code?: unknown };
  expect(["AzureError", "ConsentRequiredError", "SignInRequiredError", "AppError"], `${context}: a Rotor error, not ${e?.name}: ${String(e?.message)}`).toContain(e?.name);
  expectClearSentence(e.message, context);
  return e.message as string;
}

export function expectClearSentence(message: unknown, context = ""): void {
  expect(typeof message, context).toBe("string");
  const text = message as string;
  expect(text.length, `${context}: "${text}"`).toBeGreaterThan(8);
  expect(text.length, `${context}: too long to be a sentence`).toBeLessThan(700);
  expect(text, context).not.toMatch(/\bundefined\b|\bNaN\b|\[object |TypeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|is not iterable|\n\s+at |<\/?[a-zA-Z!][^>]*>/);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into a JSON value (objects and arrays, not the root). */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (!value || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, v]) => [[...prefix, key], ...pathsOf(v, [...prefix, key])]);
}

function edit(root: Json, path: (string | number)[], change: { drop: true } | { value: Json }): Json {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if ("drop" in change) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = change.value;
  return copy;
}

export const ABSURD_DATES: Json[] = ["not a date", "", "0000-00-00T00:00:00Z", "+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00Z", "9999-99-99T99:99:99Z", "1601-01-01T00:00:00Z", 1e21, "2024-13-45"];

const HTML_PAGES = [
  "<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><form>…</form></body></html>",
  "<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>",
  "<html><head><title>Service Unavailable</title></head><body>The service is unavailable.</body></html>",
];

const wrongValue: fc.Arbitrary<Json> = fc.oneof<fc.Arbitrary<Json>[]>(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.array(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>, { maxKeys: 3 }),
  fc.constantFrom(...ABSURD_DATES),
);

/** A template answer with one to three fields dropped or given a wrong type (dates: absurd ones). */
function mutated(template: Json): fc.Arbitrary<Json> {
  const paths = pathsOf(template);
  const one = (body: Json): fc.Arbitrary<Json> => {
    const candidates = pathsOf(body);
    if (!candidates.length) return fc.constant(body);
    return fc.tuple(fc.constantFrom(...candidates), fc.boolean(), wrongValue, fc.constantFrom(...ABSURD_DATES)).map(([path, drop, value, date]) => {
      const key = String(path.at(-1));
      return edit(body, path, drop ? { drop: true } : { value: /DateTime$|Date$/.test(key) ? date : value });
    });
  };
  if (!paths.length) return fc.constant(template);
  return fc.integer({ min: 1, max: 3 }).chain((n) => {
    let arb = one(template);
    for (let i = 1; i < n; i++) arb = arb.chain(one);
    return arb;
  });
}

/**
 * Hostile answers to a call whose good answer looks like `template`: fields missing or of the
 * wrong type, absurd dates, the wrong body altogether, non-JSON, truncated JSON, HTML pages and the
 * wrong content-type. Statuses are 2xx (or a 4xx that must not be read as data), so each run is one call.
 */
export function hostileAnswers(template: Json): fc.Arbitrary<HostileAnswer> {
  const text = JSON.stringify(template);
  const contentType = fc.constantFrom("application/json; charset=utf-8", "application/json", "text/html", "text/plain", "application/xml");
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ status: fc.constantFrom(200, 200, 201), body: mutated(template) }) },
    { weight: 2, arbitrary: fc.record({ status: fc.constant(200), body: fc.oneof(wrongValue, fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>) }) },
    { weight: 1, arbitrary: fc.record({ status: fc.constant(200), body: mutated(template), contentType }) },
    {
      weight: 2,
      arbitrary: fc.record({ status: fc.constant(200), rawBody: fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((n) => text.slice(0, n)), contentType }),
    },
    { weight: 1, arbitrary: fc.record({ status: fc.constantFrom(200, 203, 400, 404), rawBody: fc.constantFrom(...HTML_PAGES), contentType: fc.constant("text/html; charset=utf-8") }) },
    { weight: 1, arbitrary: fc.record({ status: fc.constantFrom(200, 201), rawBody: fc.constantFrom("", " ", "OK", "true", "undefined", "{", "[1,2", "\u0000\u0001") }) },
  );
}

/** 5xx error pages: retried by Rotor, so run only a few (each costs the retries' back-off). */
export const SERVER_ERROR_PAGES: HostileAnswer[] = [{ status: 502, rawBody: HTML_PAGES[1]!, contentType: "text/html" }];

/** `count` copies of `item`, each with its own `idKey` (a GUID) and, if given, `nameKey`. */
export function hugeList<T extends Record<string, Json>>(item: T, count: number, idKey: string, nameKey?: string): T[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${(i + 1).toString(16).padStart(8, "0")}-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`;
    return { ...structuredClone(item), [idKey]: id, ...(nameKey ? { [nameKey]: `${String(item[nameKey])}-${i}` } : {}) };
  });
}
