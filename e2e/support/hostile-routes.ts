import fc from "fast-check";
import { hostileKey, hostileValue, injection } from "./hostile";

/**
 * Hostile requests for every route handler: ids in paths, query strings, headers (Authorization,
 * Idempotency-Key) and JSON bodies (invalid JSON, arrays, deep nesting, over the 8 KiB limit).
 * `as` says who sends it: the Contoso scheduler key, the signed-in admin, or nobody.
 */
export type HostileRequest = { method: string; path: string; headers: Record<string, string>; body?: string; as: "key" | "admin" | "anonymous" };

const NOWHERE = "f0e1d2c3-b4a5-4697-8899-aabbccddeeff";
const text = fc.oneof(injection, hostileValue.map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? "")));
/** A path segment or query value, percent-encoded (a lone surrogate made well-formed first), at most 8 KiB. */
const encoded = text.map((s) => encodeURIComponent(s.toWellFormed().slice(0, 8_000)));
/**
 * Raw segments a client might send unencoded: traversal, encoded traversal, doubled slashes. Not a
 * malformed escape ("%", "%zz"): Next's router answers those with a bare 500 before any of
 * Rotor's code runs (reported; needs a fix outside app/ and lib/).
 */
const raw = fc.constantFrom("..", "../..", "..%2f..%2fhealth", "%2e%2e", ".%00.", "%00", "%E2%80%AE", "a%20b", "~", "a;b=c");
const segment = fc.oneof(encoded, raw);
/** Header values Node can send (visible Latin-1, tab), at most 8 KiB. */
const headerValue = text.map((s) => s.replace(/[^\t\x20-\x7e\xa0-\xff]/g, "?").slice(0, 8_000));

const body = fc.oneof(
  hostileValue.map((v) => JSON.stringify(v) ?? ""),
  fc.tuple(hostileKey, hostileValue).map(([k, v]) => `{${JSON.stringify(k)}:${JSON.stringify(v)}}`),
  fc.constantFrom("{", "not json", '{"a":', "[]", "null", '"str"', "0", '{"concurrency":"8"}', '{"concurrency":1e400}', '{"concurrency":8.5}', '{"concurrency":0}', '{"concurrency":33}'),
  fc.constantFrom('{"__proto__":{"concurrency":8}}', '{"constructor":{"prototype":{"concurrency":8}}}', '{"concurrency":8,"extra":1}', "\u0000", "[".repeat(50_000), `{"a":"${"x".repeat(9_000)}"}`, `{"a":"${"x".repeat(1_000_000)}"}`),
);

/** True for a body /rotations/due would accept (none, `{}`, or a concurrency from 1 to 32): that call would run rotations. */
export function validDueBody(text: string | undefined): boolean {
  if (text === undefined || text.trim() === "") return true;
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    const c = (value as { concurrency?: unknown }).concurrency;
    return keys.every((k) => k === "concurrency") && (c === undefined || (Number.isInteger(c) && (c as number) >= 1 && (c as number) <= 32));
  } catch {
    return false;
  }
}

const json = { "content-type": "application/json" };
const bearer = fc.oneof(
  headerValue.map((v) => `Bearer ${v}`),
  headerValue,
  fc.constantFrom("Bearer", "Bearer ", "bearer rtr_", "Basic YWRtaW46YWRtaW4=", "Bearer rtr_' OR '1'='1_x", `Bearer rtr_AAAAAAAA_${"A".repeat(43)}`, `Bearer rtr_${"../".repeat(3)}_${"a".repeat(43)}`),
  fc.stringMatching(/^rtr_[0-9A-Za-z]{8}_[0-9A-Za-z]{43}$/).map((k) => `Bearer ${k}`),
);
const apiRoute = fc.constantFrom(
  { method: "POST", path: `/api/v1/applications/${NOWHERE}/rotations` },
  { method: "GET", path: `/api/v1/rotations/${NOWHERE}` },
  { method: "POST", path: "/api/v1/rotations/due" },
);

/** The audit log's filters (page and export), with hostile values, repeated keys and keys it does not know. */
const AUDIT_KEYS = ["action", "actor", "application", "from", "to", "tz", "page", "format"] as const;
const auditQuery = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...AUDIT_KEYS), encoded), fc.oneof(encoded, fc.constantFrom("2026-02-30", "2026-12-03", "0000-00-00", "99999-01-01", "csv", "json", "user%3A", "system%3ARotor", "api_key%3A%27", "0", "-1", "1e9", "Etc%2FGMT%2B14", "..%2F..%2Fetc"))), { minLength: 1, maxLength: 6 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));

/** The expiry overview's filters (page and export), with hostile values, repeated keys and keys it does not know. */
const EXPIRY_KEYS = ["within", "managed", "failing"] as const;
const expiryQuery = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...EXPIRY_KEYS), encoded), fc.oneof(encoded, fc.constantFrom("7", "90", "91", "-1", "1e9", "managed", "unmanaged", "1", "true", "%3D1%2B1", "..%2F..%2Fetc"))), { minLength: 1, maxLength: 6 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));

export const HOSTILE_ROUTES: Record<string, fc.Arbitrary<HostileRequest>> = {
  "GET /audit/export": fc.tuple(auditQuery, fc.constantFrom("admin" as const, "admin" as const, "anonymous" as const)).map(([q, as]) => ({ method: "GET", path: `/audit/export?${q}`, headers: {}, as })),
  "GET /expiry/export": fc.tuple(expiryQuery, fc.constantFrom("admin" as const, "admin" as const, "anonymous" as const)).map(([q, as]) => ({ method: "GET", path: `/expiry/export?${q}`, headers: {}, as })),
  "GET /expiry (page filters)": expiryQuery.map((q) => ({ method: "GET", path: `/expiry?${q}`, headers: {}, as: "admin" as const })),
  "GET /audit (page filters)": auditQuery.map((q) => ({ method: "GET", path: `/audit?${q}`, headers: {}, as: "admin" as const })),
  "POST /api/v1/applications/[id]/rotations": fc.oneof(
    segment.map((id) => ({ method: "POST", path: `/api/v1/applications/${id}/rotations`, headers: {}, as: "key" as const })),
    headerValue.map((key) => ({ method: "POST", path: `/api/v1/applications/${NOWHERE}/rotations`, headers: { "idempotency-key": key }, as: "key" as const })),
    body.map((b) => ({ method: "POST", path: `/api/v1/applications/${NOWHERE}/rotations`, headers: json, body: b, as: "key" as const })),
  ),
  "GET /api/v1/rotations/[id]": fc.oneof(
    segment.map((id) => ({ method: "GET", path: `/api/v1/rotations/${id}`, headers: {}, as: "key" as const })),
    fc.tuple(encoded, encoded).map(([after, extra]) => ({ method: "GET", path: `/api/v1/rotations/${NOWHERE}?after=${after}&${extra}=1&after=2`, headers: {}, as: "key" as const })),
    encoded.map((after) => ({ method: "GET", path: `/api/v1/rotations/${NOWHERE}?after=${after}`, headers: {}, as: "key" as const })),
  ),
  "POST /api/v1/rotations/due": body.filter((b) => !validDueBody(b)).map((b) => ({ method: "POST", path: "/api/v1/rotations/due", headers: json, body: b, as: "key" as const })),
  "Authorization on /api/v1": fc.tuple(apiRoute, bearer).map(([route, authorization]) => ({ ...route, headers: { authorization }, as: "anonymous" as const })),
  "GET /api/devops/consent": fc.tuple(fc.oneof(encoded, fc.constantFrom("http%3A%2F%2Flocalhost%3A{port}%2F%2Fevil.example%2Fx", "%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example", "javascript%3Aalert(1)")), fc.constantFrom("admin" as const, "anonymous" as const)).map(([returnTo, as]) => ({
    method: "GET",
    path: `/api/devops/consent?returnTo=${returnTo}`,
    headers: {},
    as,
  })),
  "GET /api/health": fc.tuple(encoded, headerValue).map(([q, h]) => ({ method: "GET", path: `/api/health?${q}=${q}`, headers: { "x-forwarded-host": h }, as: "anonymous" as const })),
  "GET /api/v1/openapi.json": encoded.map((q) => ({ method: "GET", path: `/api/v1/openapi.json?${q}`, headers: {}, as: "anonymous" as const })),
  "ANY /api/v1/[...path]": fc.tuple(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), segment, fc.option(body, { nil: undefined })).map(([method, s, b]) => ({
    method,
    path: `/api/v1/${s}/x`,
    headers: b === undefined ? {} : json,
    body: method === "GET" ? undefined : b,
    as: "key" as const,
  })),
  "GET /api/auth/[...nextauth]": fc.tuple(segment, encoded).map(([s, q]) => ({ method: "GET", path: `/api/auth/${s}?callbackUrl=${q}`, headers: {}, as: "admin" as const })),
  "POST /api/auth/[...nextauth]": fc.tuple(fc.constantFrom("signout", "callback/microsoft-entra-id", "signin/microsoft-entra-id", "session"), body).map(([action, b]) => ({
    method: "POST",
    path: `/api/auth/${action}`,
    headers: json,
    body: b,
    as: "admin" as const,
  })),
};
