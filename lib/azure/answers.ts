import { z } from "zod";
import { AzureError, label, MALFORMED, type AzureService } from "./errors";

/**
 * Azure's answers are checked at the boundary: whatever arrives (an HTML page, truncated JSON, a
 * field of the wrong type), the caller gets either the shape it expects or an AzureError saying,
 * in words, which part of which answer was wrong. Never the value itself: it may be a secret.
 */
export function readAnswer<S extends z.ZodType>(service: AzureService, what: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw unreadable(service, what, describeIssue(parsed.error.issues[0]));
}

export function unreadable(service: AzureService, what: string, detail?: string): AzureError {
  return new AzureError(service, 502, `${label(service)} sent an answer Rotor cannot use: ${what}${detail ? ` (${detail})` : ""}.`, MALFORMED);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string | undefined {
  if (!issue) return undefined;
  const where = issue.path.length ? issue.path.join(".") : "the answer";
  if (issue.code === "invalid_type") return `${where} is missing or not ${article(issue.expected)}`;
  if (issue.code === "custom") return `${where} ${issue.message}`;
  return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
}

const article = (type: string) => (type === "array" || type === "object" ? `an ${type}` : type === "nonoptional" ? "given" : `a ${type}`);

/** A date Rotor can compute with: parseable, between 1900 and 9999 (Graph's "never" is 2299 or 9999). */
export const azureDate = z.string().refine((value) => {
  const time = Date.parse(value);
  return !Number.isNaN(time) && time >= Date.UTC(1900, 0, 1) && time < Date.UTC(10000, 0, 1);
}, "is not a valid date");

/** Optional text that Azure sends as null, absent or a string; anything else is refused. */
export const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

/** An object: lets a schema refuse `null`, arrays and scalars where Azure sends an object. */
export const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/**
 * Azure's own error sentence when it is one: text, not an HTML page, a stack, a whole body, or a
 * sentence quoting a garbled request ("version 7.2-preview.undefined", after unreadable location data).
 */
export function sentence(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (!text || text.length > 500 || /<[a-z!/][^>]*>/i.test(text) || /\n\s+at /.test(text)) return undefined;
  if (/\bundefined\b|\bNaN\b|\[object |is not a function|Cannot read propert/.test(text)) return undefined;
  return text;
}
