import "server-only";
import { getDb } from "@/db";
import { actorRef, apiKeyActor, type ApiKeyActor } from "@/lib/actor";
import { bearerKey } from "@/lib/api-keys/format";
import { verifyApiKey, type VerifiedKey } from "@/lib/api-keys/verify";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { z } from "zod";
import { readJsonBody } from "./body";
import { describeIssues, invalidInput, rateLimited, toErrorResponse, unauthenticated } from "./errors";
import { apiFailureLimits, clientAddress } from "./rate-limit";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiContext<P, Q, B> = {
  request: Request;
  /** The caller's key; its tenant is the only tenant the call may touch. */
  key: VerifiedKey;
  /** The key as the use cases take it (lib/actor.ts). */
  actor: ApiKeyActor;
  /** `api-key:<id>`, as rotations and the audit log name the caller (actorRef). */
  requestedBy: string;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
};

/** Next's route context; a route without dynamic segments gets empty params. */
type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

function parse<S extends Schema>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(describeIssues(where, result.error));
  return result.data;
}

/**
 * `Authorization: Bearer <key>`, checked in constant time (lib/api-keys/verify). The key is
 * verified first and a valid one always goes through: the failure limits (per client address and
 * per key prefix) count and refuse failures only, so nobody can lock a scheduler out by failing
 * on purpose from its address or with its prefix. Over a limit, a failure gets 429 instead of 401.
 */
async function authenticate(request: Request, address: string): Promise<VerifiedKey> {
  const db = await getDb();
  const limits = apiFailureLimits(db);
  const presented = bearerKey(request.headers.get("authorization"));
  if (presented === "missing" || presented === "malformed") {
    const wait = await limits.byAddress.retryAfterSeconds(address);
    if (wait) throw rateLimited(wait);
    await limits.byAddress.fail(address);
    throw unauthenticated(
      presented === "missing"
        ? "Send a Rotor API key: Authorization: Bearer rtr_…"
        : "The Authorization header does not hold a Rotor API key; send the whole key as Authorization: Bearer rtr_…",
    );
  }

  const key = await verifyApiKey(db, presented);
  if (key) return key;
  const wait = Math.max(await limits.byAddress.retryAfterSeconds(address), await limits.byPrefix.retryAfterSeconds(presented.prefix));
  if (wait) throw rateLimited(wait);
  await limits.byAddress.fail(address);
  await limits.byPrefix.fail(presented.prefix);
  logger.warn({ prefix: presented.prefix, address }, "scheduler API call with an unknown or revoked API key");
  throw unauthenticated("The API key is not valid: it is unknown or has been revoked.");
}

/**
 * The one verifier every scheduler route handler goes through: API key (failures rate-limited) → path,
 * query and body parsed by their zod schemas (lib/api/schemas) → handler. Every failure becomes
 * `{ error: { code, message } }` with its status in one place (lib/api/errors). The key is
 * checked first, so a caller without one learns nothing about the request's shape or the data.
 */
export function withApiKey<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  options: { name: string; params?: P; query?: Q; body?: B },
  handler: (context: ApiContext<P, Q, B>) => Promise<Response>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    let keyId: string | undefined;
    try {
      const key = await authenticate(request, clientAddress(request, env().trustedProxyHops));
      keyId = key.id;
      const params = (options.params ? parse(options.params, await context.params, "path") : undefined) as Out<P>;
      const query = (options.query ? parse(options.query, Object.fromEntries(new URL(request.url).searchParams), "query") : undefined) as Out<Q>;
      const body = (options.body ? parse(options.body, await readJsonBody(request), "body") : undefined) as Out<B>;
      const actor = apiKeyActor(key);
      return await handler({ request, key, actor, requestedBy: actorRef(actor), params, query, body });
    } catch (error) {
      return toErrorResponse(error, { route: options.name, keyId });
    }
  };
}
