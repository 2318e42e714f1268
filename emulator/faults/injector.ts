import type { MiddlewareHandler } from "hono";
import { randomUUID } from "node:crypto";
import { faultResponse, overrideResponse } from "./bodies";
import { hostOf, inWindow, matches, pathMatcher, type FaultRule, type FaultRuleInput } from "./rules";

/** Requests whose write a `discardWrite` rule swallows; the writing route asks `writeDiscarded`. */
const discarded = new WeakSet<Request>();
export const writeDiscarded = (request: Request) => discarded.has(request);

type WaitOutcome = "elapsed" | "aborted" | "released" | "closing";

/**
 * Fault injection for every emulated host: latency, error statuses (429 with Retry-After, 5xx), hangs and
 * answers of the test's choosing (malformed bodies, HTML pages, wrong content-types).
 * The emulator's own `/_emulator` routes are never faulted, so a test can always clean up.
 */
export class FaultInjector {
  private readonly rules: { rule: FaultRule; pathMatches: (path: string) => boolean }[] = [];
  /** Requests held by latency or a hang, so clearing rules or closing the server can let them go. */
  private readonly waiting = new Set<(outcome: WaitOutcome) => void>();

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: randomUUID(), matched: 0, hits: 0 };
    this.rules.push({ rule, pathMatches: pathMatcher(input.path) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((r) => r.rule.id === id);
    if (index < 0) return false;
    this.rules.splice(index, 1);
    return true;
  }

  /** Drops every rule; requests still held by a fault carry on as if it had ended. */
  clear(): void {
    this.rules.length = 0;
    this.release("released");
  }

  /** Answers every held request at once, so the listeners can close. */
  closing(): void {
    this.release("closing");
  }

  readonly middleware: MiddlewareHandler = async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const host = hostOf(path);
    if (!host) return next();
    const call = { host, method: c.req.method, path };
    let chosen: FaultRule | undefined;
    // Every matching rule counts the call, so each rule's `nth` refers to its own matches.
    for (const { rule, pathMatches } of this.rules) {
      if (!matches(rule, call, pathMatches)) continue;
      rule.matched += 1;
      if (!chosen && inWindow(rule)) {
        chosen = rule;
        rule.hits += 1;
      }
    }
    if (!chosen) return next();

    const signal = c.req.raw.signal;
    for (const ms of [chosen.latencyMs, chosen.hang ? Number.POSITIVE_INFINITY : undefined]) {
      if (!ms) continue;
      const outcome = await this.wait(ms, signal);
      // Nobody reads this answer: the client already gave up.
      if (outcome === "aborted") return new Response(null, { status: 499 });
      if (outcome === "closing") {
        const answer = faultResponse({ host, status: 503, clientRequestId: c.req.header("client-request-id") });
        answer.headers.set("connection", "close");
        return answer;
      }
      if (outcome === "released") return next();
    }
    if (chosen.respond) {
      if (!chosen.respond.forward) return overrideResponse(chosen.respond);
      await next();
      // Cleared first, so none of the route's headers (content-length, content-type) leak into the new answer.
      c.res = undefined;
      c.res = overrideResponse(chosen.respond);
      return;
    }
    if (chosen.discardWrite) {
      discarded.add(c.req.raw);
      return next();
    }
    if (chosen.status) {
      return faultResponse({ host, status: chosen.status, retryAfterSeconds: chosen.retryAfterSeconds, clientRequestId: c.req.header("client-request-id") });
    }
    return next();
  };

  private wait(ms: number, signal: AbortSignal): Promise<WaitOutcome> {
    if (signal.aborted) return Promise.resolve("aborted");
    return new Promise((resolve) => {
      const finish = (outcome: WaitOutcome) => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.waiting.delete(finish);
        resolve(outcome);
      };
      const onAbort = () => finish("aborted");
      const timer = Number.isFinite(ms) ? setTimeout(() => finish("elapsed"), ms) : undefined;
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.add(finish);
    });
  }

  private release(outcome: WaitOutcome): void {
    for (const finish of [...this.waiting]) finish(outcome);
  }
}
