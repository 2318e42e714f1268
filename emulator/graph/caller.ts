import { servicePrincipalOid } from "../entra/tokens";
import { TENANTS, USERS, type SeedUser } from "../seed";
import type { RequestIds } from "./errors";
import type { GraphApplication } from "./state";

/** Who a verified Graph token speaks for: Rotor's service principal in a tenant, or a seeded user. */
export type Caller =
  | { kind: "app"; tenantId: string; servicePrincipalId: string }
  | { kind: "user"; tenantId: string; user: SeedUser }
  | { kind: "unknown"; tenantId: string };

export type GraphEnv = { Variables: { claims: { tid: string; oid: string }; caller: Caller; ids: RequestIds } };

export function callerOf(claims: { tid: string; oid: string; idtyp?: string }): Caller {
  if (claims.idtyp === "app") {
    return claims.oid === servicePrincipalOid(claims.tid)
      ? { kind: "app", tenantId: claims.tid, servicePrincipalId: claims.oid }
      : { kind: "unknown", tenantId: claims.tid };
  }
  const user = USERS.find((u) => u.oid === claims.oid && TENANTS[u.tenant].id === claims.tid);
  return user ? { kind: "user", tenantId: claims.tid, user } : { kind: "unknown", tenantId: claims.tid };
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
