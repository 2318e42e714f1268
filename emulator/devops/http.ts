import type { Context, MiddlewareHandler } from "hono";
import { errors } from "./errors";
import type { DevopsEnv } from "./types";

/**
 * Azure matches route literals case-insensitively (`_apis/graph/Memberships` and `…/memberships`
 * both work); Hono does not, so each literal segment becomes a parameter with a case-blind pattern.
 */
export function ci(pattern: string): string {
  let n = 0;
  return pattern
    .split("/")
    .map((segment) => {
      if (segment === "" || segment.startsWith(":") || segment === "*") return segment;
      const chars = [...segment].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      return `:literal${n++}{${chars.join("")}}`;
    })
    .join("/");
}

/** The api-version the caller asked for: Azure reads it from the Accept header, or from the query string. */
export function requestedApiVersion(c: Context): string | undefined {
  const fromAccept = /api-version=([^;,\s]+)/i.exec(c.req.header("accept") ?? "")?.[1];
  return fromAccept ?? c.req.query("api-version") ?? undefined;
}

/** Rejects versions newer than 7.2 and 7.2 without `-preview`, the way Azure DevOps does. */
export const checkApiVersion: MiddlewareHandler<DevopsEnv> = async (c, next) => {
  const requested = requestedApiVersion(c);
  if (requested) {
    const match = /^(\d+)\.(\d+)(-preview(\.\d+)?)?$/.exec(requested);
    const version = match ? Number(`${match[1]}.${match[2]}`) : NaN;
    if (!match || version > 7.2) return errors.versionOutOfRange(c, requested);
    if (version === 7.2 && !match[3]) return errors.previewRequired(c, requested);
  }
  await next();
};

/** JSON with Azure's content type, which echoes the api-version that answered. */
export function reply(c: Context, body: unknown, version = requestedApiVersion(c)) {
  c.header("Content-Type", `application/json; charset=utf-8${version ? `; api-version=${version}` : ""}`);
  return c.body(JSON.stringify(body), 200);
}

export const list = <T>(value: T[]) => ({ count: value.length, value });

/**
 * Public base URLs of the three emulated hosts, as server.ts mounts them on the same origin
 * (dev.azure.com → /devops, vssps.dev.azure.com → /vssps, app.vssps.visualstudio.com → /app).
 */
export function hosts(c: Context) {
  const origin = new URL(c.req.url).origin;
  return { devops: `${origin}/devops`, vssps: `${origin}/vssps`, app: `${origin}/app` };
}

/** A path parameter; the patterns `ci()` builds are plain strings, so Hono cannot type them as present. */
export const param = (c: Context, name: string): string => c.req.param(name) ?? "";
