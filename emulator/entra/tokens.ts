import { createHash } from "node:crypto";
import { SignJWT, jwtVerify, createLocalJWKSet, type JWTPayload } from "jose";
import { ROTOR_APP, TENANTS, USERS, GUEST_HOME_OIDS, type SeedUser } from "../seed";
import type { EmulatorState } from "../state";

export const RESOURCES = {
  graph: "00000003-0000-0000-c000-000000000000",
  devops: "499b84ac-1321-427f-aa17-267ca6975798",
} as const;

const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);
/** Resources also named by their URL in scopes (`https://graph.microsoft.com/.default`). */
const RESOURCE_HOSTS: Record<string, string> = { "graph.microsoft.com": RESOURCES.graph, "app.vssps.visualstudio.com": RESOURCES.devops };
const LIFETIME_S = 3600;

export const issuerFor = (origin: string, tenantId: string) => `${origin}/${tenantId}/v2.0`;

export function findUser(key: string): SeedUser | undefined {
  return USERS.find((u) => u.key === key);
}

export function tenantIdOf(user: SeedUser): string {
  return TENANTS[user.tenant].id;
}

/** Which resource a scope string asks for: Graph for bare scopes, else the resource prefix. */
export function resourceOf(scope: string): { resource: string; scp: string } {
  const scopes = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
  const qualified = scopes.find((s) => s.includes("/"));
  if (qualified) {
    const resource = qualified.replace(/^https?:\/\//, "").split("/")[0]!;
    const known = RESOURCE_HOSTS[resource] ?? Object.values(RESOURCES).find((r) => r === resource) ?? resource;
    return { resource: known, scp: known === RESOURCES.devops ? "user_impersonation" : scopes.map((s) => s.split("/").pop()).join(" ") };
  }
  return { resource: RESOURCES.graph, scp: scopes.length ? scopes.join(" ") : "User.Read" };
}

async function sign(state: EmulatorState, claims: JWTPayload): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: state.signing.kid })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + LIFETIME_S)
    .sign(state.signing.privateKey);
}

function userClaims(user: SeedUser) {
  const home = user.homeTenant ? TENANTS[user.homeTenant] : undefined;
  return {
    tid: tenantIdOf(user),
    oid: user.oid,
    name: user.name,
    preferred_username: user.email,
    ...(home ? { idp: `https://sts.windows.net/${home.id}/`, acct: 1, home_oid: GUEST_HOME_OIDS[user.key] } : { acct: 0 }),
  };
}

export async function idToken(state: EmulatorState, origin: string, user: SeedUser, nonce?: string) {
  const tid = tenantIdOf(user);
  const sub = createHash("sha256").update(`${user.oid}:${ROTOR_APP.clientId}`).digest("base64url").slice(0, 43);
  const token = await sign(state, {
    ...userClaims(user),
    ver: "2.0",
    iss: issuerFor(origin, tid),
    aud: ROTOR_APP.clientId,
    sub,
    email: user.email,
    ...(user.roles.length ? { roles: user.roles } : {}),
    ...(nonce ? { nonce } : {}),
  });
  return state.remember("id_token", token);
}

export async function userAccessToken(state: EmulatorState, origin: string, user: SeedUser, scope: string) {
  const { resource, scp } = resourceOf(scope);
  const token = await sign(state, {
    ...userClaims(user),
    ver: "2.0",
    iss: issuerFor(origin, tenantIdOf(user)),
    aud: resource,
    sub: user.oid,
    azp: ROTOR_APP.clientId,
    appid: ROTOR_APP.clientId,
    scp,
    idtyp: "user",
  });
  return state.remember("access_token", token);
}

/** Object id of Rotor's service principal in a tenant (stable, derived). */
export function servicePrincipalOid(tenantId: string): string {
  const h = createHash("sha256").update(`sp:${tenantId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The application permissions Rotor's service principal holds on Graph (admin consent); the README's minimum. */
export const ROTOR_GRAPH_ROLES = ["Application.ReadWrite.OwnedBy"];

export async function appAccessToken(
  state: EmulatorState,
  origin: string,
  tenantId: string,
  scope: string,
  clientId: string = ROTOR_APP.clientId,
  rotorGraphRoles: string[] = ROTOR_GRAPH_ROLES,
) {
  const { resource } = resourceOf(scope);
  const rotor = clientId === ROTOR_APP.clientId;
  // Another app's token must never carry Rotor's service principal, or Graph would grant it Rotor's rights.
  const oid = rotor ? servicePrincipalOid(tenantId) : servicePrincipalOid(`${tenantId}:${clientId}`);
  const token = await sign(state, {
    ver: "2.0",
    iss: issuerFor(origin, tenantId),
    aud: resource,
    sub: oid,
    oid,
    tid: tenantId,
    azp: clientId,
    appid: clientId,
    roles: rotor && resource === RESOURCES.graph ? rotorGraphRoles : [],
    idtyp: "app",
  });
  return state.remember("access_token", token);
}

/** Verifies a bearer token the emulator issued for `resource`; null when invalid or expired. */
export async function verifyAccessToken(state: EmulatorState, token: string, resource: string) {
  try {
    const jwks = createLocalJWKSet({ keys: [state.signing.publicJwk] });
    const { payload } = await jwtVerify(token, jwks, { audience: resource });
    return payload as JWTPayload & { tid: string; oid: string; idtyp?: string; scp?: string; roles?: string[] };
  } catch {
    return null;
  }
}
