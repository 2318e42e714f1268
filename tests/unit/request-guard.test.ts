import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, URL_LIMIT, checkActionBody, checkPath } from "@/lib/http/request-guard";

/** What React's client does to a string argument: a leading "$" is escaped as "$$". */
const asReactSends = (value: unknown): unknown =>
  typeof value === "string"
    ? value.startsWith("$") ? `$${value}` : value
    : Array.isArray(value)
      ? value.map(asReactSends)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asReactSends(v)]))
        : value;

describe("the request guard in front of Next.js", () => {
  it("lets through every argument list React's client can send for Rotor's actions", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 6 }), { maxLength: 3 }), (args) => {
        expect(checkActionBody(JSON.stringify(asReactSends(args)))).toBeNull();
      }),
      { numRuns: 500 },
    );
    expect(checkActionBody(JSON.stringify([{ applicationId: "x", note: "$undefined", at: "$D2026-11-27T00:00:00.000Z", n: "$n12" }]))).toBeNull();
  });

  it("refuses what would make Next.js fail with a 500, saying why", () => {
    expect(checkActionBody("not json")).toEqual({ status: 400, message: "The request body is not valid JSON." });
    expect(checkActionBody('{"applicationId":"x"}')).toEqual({ status: 400, message: "The request body is not a list of arguments." });
    expect(checkActionBody('["$Q1"]')).toEqual({ status: 400, message: "The request refers to data it does not carry." });
    expect(checkActionBody('[{"a":["$@0"]}]')?.status).toBe(400);
    expect(checkActionBody(`${"[".repeat(40)}${"]".repeat(40)}`)).toEqual({ status: 400, message: "The request is nested too deeply." });
    expect(checkActionBody(JSON.stringify([Array(20_000).fill(1)]))).toEqual({ status: 400, message: "The request holds too many values." });
    expect(checkActionBody(JSON.stringify(["x".repeat(ACTION_BODY_LIMIT)]))).toEqual({ status: 413, message: "The request is too large." });
  });

  it("refuses an address too long to be one of Rotor's", () => {
    expect(checkPath("/api/", URL_LIMIT + 1)).toEqual({ status: 414, message: "The address is too long." });
    expect(checkPath("/api/", URL_LIMIT)).toBeNull();
  });

  it("refuses a path with a malformed percent-escape and nothing else", () => {
    for (const bad of ["/api/v1/rotations/%", "/api/v1/rotations/%zz", "/applications/%E0%A4%A"]) expect(checkPath(bad)?.status).toBe(400);
    fc.assert(fc.property(fc.array(fc.string(), { maxLength: 4 }), (segments) => {
      expect(checkPath(`/${segments.map((s) => encodeURIComponent(s.toWellFormed())).join("/")}`)).toBeNull();
    }));
  });
});
