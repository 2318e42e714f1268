import fc from "fast-check";

/**
 * Hostile values for the hostile-input spec: injection-shaped strings (SQL, OData, path
 * traversal, CRLF, unicode, null bytes, RSC references), oversized strings and arrays, wrong
 * types, deep nesting and prototype-pollution-shaped objects. Never a bare boolean: every boolean
 * field of our schemas would take it, and a valid call is not what this spec is after.
 */
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE applications; --",
  "\" OR \"\"=\"",
  "name eq 'x' or 1 eq 1",
  "x') or (1 eq 1",
  "../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f",
  "\r\nX-Injected: yes",
  "line\nbreak",
  "nul\u0000byte",
  "\u0000",
  "💥🔥",
  "\u202egnp.exe",
  "\uFEFFbom",
  "\uD800",
  "Ω≈ç√∫",
  "<script>alert(1)</script>",
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
  "$undefined",
  "$@1",
  "$Q1",
  "NaN",
  "-0",
  "1e309",
  "",
  "   ",
  "null",
  "true",
  "[]",
  "{}",
  "00000000-0000-0000-0000-000000000000",
  "6A1D2C3B-0F4E-4C5D-9E8F-7A6B5C4D3E21",
] as const;

export const injection = fc.constantFrom(...INJECTIONS);
/** About 1 MB: a server action's whole body may be 1 MB, so these stay just under it. */
export const oversizedString = fc.constantFrom("x".repeat(1_000_000), "é".repeat(499_000), "'".repeat(200_000), "a".repeat(10_000));
export const bigArray = fc.constantFrom(Array.from({ length: 10_000 }, (_, i) => i), Array.from({ length: 10_000 }, () => "'"));

function nest(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}
export const deeplyNested = fc.tuple(fc.integer({ min: 20, max: 400 }), fc.boolean()).map(([depth, asArray]) => nest(depth, "deep", asArray));

const pollute = (key: string, value: unknown) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`) as Record<string, unknown>;
/** Objects whose own keys are `__proto__`/`constructor`, as JSON.parse makes them. */
export const pollution = fc.constantFrom(
  pollute("__proto__", { polluted: true, role: "admin", tenantId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71" }),
  pollute("constructor", { prototype: { polluted: true } }),
  pollute("__proto__", { toString: "x", valueOf: 1 }),
);

export const wrongType = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 53, Number.MAX_VALUE, null),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: injection, weight: 5 },
  { arbitrary: wrongType, weight: 3 },
  { arbitrary: pollution, weight: 2 },
  { arbitrary: deeplyNested, weight: 1 },
  { arbitrary: oversizedString, weight: 1 },
  { arbitrary: bigArray, weight: 1 },
);

export const hostileKey = fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "tenantId", "role", "userId", "$$typeof", "then"), injection.filter((s) => s.length < 100));

function withValueAt(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split(".");
  const inner = base[head!];
  return { ...base, [head!]: rest.length && inner && typeof inner === "object" ? withValueAt(inner as Record<string, unknown>, rest.join("."), value) : value };
}

/** Every field of `base`, nested ones as `policy.overlapHours`. */
function fieldsOf(base: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(base).flatMap(([key, value]) => [
    prefix + key,
    ...(value && typeof value === "object" && !Array.isArray(value) ? fieldsOf(value as Record<string, unknown>, `${prefix}${key}.`) : []),
  ]);
}

/** Arguments for an action whose well-formed argument is `base`: a field replaced, a key added, the whole argument replaced, or the wrong number of arguments. */
export function hostileArgs(base: Record<string, unknown>): fc.Arbitrary<unknown[]> {
  const fields = fieldsOf(base);
  const variants: fc.Arbitrary<unknown[]>[] = [
    hostileValue.map((v) => [v]),
    fc.tuple(hostileKey, hostileValue).map(([k, v]) => [{ ...base, ...pollute(k, v) }]),
    fc.constantFrom<unknown[]>([], [base, "extra"], [base, pollute("__proto__", { polluted: true })], [[base]], [JSON.stringify(base)]),
  ];
  if (fields.length) variants.push(fc.tuple(fc.constantFrom(...fields), hostileValue).map(([field, v]) => [withValueAt(base, field, v)]));
  return fc.oneof(...variants);
}

/** Text a response may show a person: no stack, no SQL, no internal error names. */
export function leaksInternals(text: string): boolean {
  return /\bat [\w.<>]+ \(|node_modules|SqliteError|SQLITE_|TypeError|ReferenceError|RangeError|ZodError/.test(text);
}

let tried = 0;
export const countInput = () => void tried++;
export const inputsTried = () => tried;
