import { servicePrincipalOid } from "../entra/tokens";
import { TENANTS, USERS, type SeedUser } from "../seed";
import type { RequestIds } from "./errors";
import type { GraphApplication } from "./state";
import type { Access } from "./views";

/**
 * Who a verified Graph token speaks for: Rotor's service principal in a tenant (with the application
 * permissions its token carries), or a seeded user (with the delegated scopes theirs carries).
 */
export type Caller =
  | { kind: "app"; tenantId: string; servicePrincipalId: string; roles: string[] }
  | { kind: "user"; tenantId: string; user: SeedUser; scopes: string[] }
  | { kind: "unknown"; tenantId: string };

export type GraphClaims = { tid: string; oid: string; idtyp?: string; roles?: string[]; scp?: string };
export type GraphEnv = { Variables: { claims: GraphClaims; caller: Caller; ids: RequestIds } };

export function callerOf(claims: GraphClaims): Caller {
  if (claims.idtyp === "app") {
    return claims.oid === servicePrincipalOid(claims.tid)
      ? { kind: "app", tenantId: claims.tid, servicePrincipalId: claims.oid, roles: Array.isArray(claims.roles) ? claims.roles : [] }
      : { kind: "unknown", tenantId: claims.tid };
  }
  const user = USERS.find((u) => u.oid === claims.oid && TENANTS[u.tenant].id === claims.tid);
  return user ? { kind: "user", tenantId: claims.tid, user, scopes: (claims.scp ?? "").split(" ").filter(Boolean) } : { kind: "unknown", tenantId: claims.tid };
}

/** Permissions that read users in full, and the one that reads their basic profile (names, addresses). */
const READS_USERS = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const READS_USERS_BASIC = "User.ReadBasic.All";
/** Permissions that read service principals the caller does not own. */
const READS_SERVICE_PRINCIPALS = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

const held = (caller: Caller): string[] => (caller.kind === "app" ? caller.roles : caller.kind === "user" ? caller.scopes : []);

/**
 * How much of a directory object of this type the caller may read. Application.ReadWrite.OwnedBy
 * (all Rotor needs) reads neither users nor other service principals: Graph then answers such
 * objects with limited information (permissions-overview.md, "Limited information returned for
 * inaccessible member objects").
 */
export function accessTo(caller: Caller, type: "user" | "servicePrincipal"): Access {
  const permissions = held(caller);
  if (type === "servicePrincipal") return permissions.some((p) => READS_SERVICE_PRINCIPALS.includes(p)) ? "full" : "limited";
  if (permissions.some((p) => READS_USERS.includes(p))) return "full";
  return permissions.includes(READS_USERS_BASIC) ? "basic" : "limited";
}

/**
 * Rotor's service principal holds Application.ReadWrite.OwnedBy: it reads and writes only the apps it owns.
 * A signed-in user may read the apps they own; writes stay with the service principal.
 */
export function mayRead(caller: Caller, app: GraphApplication): boolean {
  if (caller.kind === "app") return app.seed.managed;
  if (caller.kind === "user") return (app.seed.owners as readonly string[]).includes(caller.user.key);
  return false;
}

export function mayWrite(caller: Caller, app: GraphApplication): boolean {
  return caller.kind === "app" && app.seed.managed;
}
