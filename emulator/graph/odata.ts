import { badRequest } from "./errors";

/** Graph names its metadata on graph.microsoft.com whatever host answered; clients treat it as opaque. */
export const METADATA = "https://graph.microsoft.com/v1.0/$metadata#";

export function contextUrl(entitySet: string, select: string[] | undefined, entity = false): string {
  return `${METADATA}${entitySet}${select ? `(${select.join(",")})` : ""}${entity ? "/$entity" : ""}`;
}

/** `$select`, checked against the type's properties as Graph does. */
export function parseSelect(url: URL, properties: readonly string[], typeName: string): string[] | undefined {
  const raw = url.searchParams.get("$select");
  if (!raw) return undefined;
  const names = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.find((n) => !properties.includes(n));
  if (unknown) {
    throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${unknown}' on type '${typeName}'.`, "BadRequest");
  }
  return names;
}

/** Keeps only the selected properties (and `@odata.type`, which directoryObject collections always carry). */
export function project(item: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return item;
  const kept = Object.entries(item).filter(([key]) => key === "@odata.type" || select.includes(key));
  return Object.fromEntries(kept);
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;

/** One page of `items` and, when more remain, the `@odata.nextLink` that fetches the next one. */
export function page<T>(items: T[], url: URL): { value: T[]; "@odata.nextLink"?: string } {
  const topParam = url.searchParams.get("$top");
  const top = topParam === null ? DEFAULT_PAGE : Number(topParam);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE) {
    throw badRequest(`Invalid page size specified: '${topParam}'. Must be between 1 and ${MAX_PAGE} inclusive.`, "Request_UnsupportedQuery");
  }
  const skipToken = url.searchParams.get("$skiptoken");
  const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
  const value = items.slice(offset, offset + top);
  if (offset + top >= items.length) return { value };
  // Rebuilt by hand so the link keeps Graph's literal `$select=a,b` rather than URLSearchParams' `%24select=a%2Cb`.
  const kept = url.search.slice(1).split("&").filter((p) => p && !/^(\$|%24)skiptoken=/i.test(p));
  kept.push(`$skiptoken=${Buffer.from(`offset:${offset + top}`).toString("base64url")}`);
  return { value, "@odata.nextLink": `${url.origin}${url.pathname}?${kept.join("&")}` };
}

function decodeSkipToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!match) throw badRequest("Specified skip token is invalid.", "Request_UnsupportedQuery");
  return Number(match[1]);
}
