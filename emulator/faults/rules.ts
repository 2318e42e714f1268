import { z } from "zod";

export const FAULT_HOSTS = ["login", "graph", "devops", "vssps", "accounts"] as const;
export type FaultHost = (typeof FAULT_HOSTS)[number];

/**
 * An answer the rule gives instead of the route's: a JSON `body` or a `rawBody` (truncated JSON, an
 * HTML page…), any status and content-type. With `forward` the real route runs first (its effects
 * stay, as when a proxy garbles an answer) and only its answer is replaced.
 */
export const overrideAnswer = z
  .object({
    status: z.number().int().min(200).max(599).default(200),
    body: z.unknown().optional(),
    rawBody: z.string().optional(),
    contentType: z.string().min(1).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    forward: z.boolean().optional(),
  })
  .strict()
  .refine((r) => !(r.body !== undefined && r.rawBody !== undefined), { message: "Give body or rawBody, not both." });

export type OverrideAnswer = z.infer<typeof overrideAnswer>;

export const faultRuleInput = z
  .object({
    host: z.enum(FAULT_HOSTS).optional(),
    method: z.string().min(1).optional(),
    /** A substring of the path, or `/regex/flags` (see pathMatcher). */
    path: z.string().min(1).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    status: z.number().int().min(400).max(599).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    hang: z.boolean().optional(),
    /** Fault only the Nth matching call (1-based), or `times` calls from the Nth on. */
    nth: z.number().int().min(1).optional(),
    /** How many matching calls are faulted; unlimited by default (one when `nth` is set). */
    times: z.number().int().min(1).optional(),
    /** Answer with this instead of the route's answer (or of an error). */
    respond: overrideAnswer.optional(),
    /**
     * The route answers as if it had written (the same success body) but keeps nothing: a write
     * Azure acknowledged and lost. Only routes that write honour it (a service connection's PUT).
     */
    discardWrite: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.latencyMs !== undefined || r.status !== undefined || r.hang === true || r.respond !== undefined || r.discardWrite === true, {
    message: "A rule needs an effect: latencyMs, status, hang, respond or discardWrite.",
  })
  .refine((r) => r.status === undefined || r.respond === undefined, { message: "Give status or respond, not both." });

export type FaultRuleInput = z.infer<typeof faultRuleInput>;

export type FaultRule = FaultRuleInput & {
  id: string;
  /** Calls that matched host, method and path. */
  matched: number;
  /** Calls the rule actually faulted. */
  hits: number;
};

export type IncomingCall = { host: FaultHost; method: string; path: string };

/** Which emulated service a path belongs to; undefined for the emulator's own `/_emulator` routes. */
export function hostOf(path: string): FaultHost | undefined {
  const first = path.split("/")[1] ?? "";
  if (first === "_emulator") return undefined;
  const byPrefix: Record<string, FaultHost> = { graph: "graph", devops: "devops", vssps: "vssps", app: "accounts" };
  return byPrefix[first] ?? "login";
}

/**
 * Compiles a path filter: `/regex/flags` (flags from `dgimsuyv`, so `/graph/v1.0/me` stays a plain path), or
 * else a substring. Throws SyntaxError for a broken regex.
 */
export function pathMatcher(filter: string | undefined): (path: string) => boolean {
  if (!filter) return () => true;
  const regex = /^\/(.+)\/([dgimsuyv]*)$/.exec(filter);
  if (!regex) return (path) => path.includes(filter);
  // `g` and `y` would make test() stateful between calls.
  const compiled = new RegExp(regex[1]!, regex[2]!.replace(/[gy]/g, ""));
  return (path) => compiled.test(path);
}

export function matches(rule: FaultRule, call: IncomingCall, pathMatches: (path: string) => boolean): boolean {
  if (rule.host && rule.host !== call.host) return false;
  if (rule.method && rule.method.toUpperCase() !== call.method.toUpperCase()) return false;
  return pathMatches(call.path);
}

/** Whether the latest match (already counted in `rule.matched`) falls in the window from the Nth match, `times` long. */
export function inWindow(rule: FaultRule): boolean {
  const first = rule.nth ?? 1;
  const count = rule.times ?? (rule.nth ? 1 : Number.POSITIVE_INFINITY);
  return rule.matched >= first && rule.matched < first + count;
}
