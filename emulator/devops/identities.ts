import { servicePrincipalOid } from "../entra/tokens";
import { GUEST_HOME_OIDS, ROTOR_APP, TENANTS, USERS, type SeedTenantKey } from "../seed";
import { descriptor, stableUuid } from "./ids";
import type { DevopsIdentity } from "./types";

/** How the emulator keys an identity: DevOps tells identities apart by directory and object id. */
export const identityKey = (tenant: SeedTenantKey, oid: string) => `${tenant}:${oid}`;

function identity(kind: DevopsIdentity["kind"], tenant: SeedTenantKey, oid: string, rest: Pick<DevopsIdentity, "displayName" | "uniqueName" | "userKey">): DevopsIdentity {
  return { key: identityKey(tenant, oid), kind, tenant, oid, memberId: stableUuid(`member:${TENANTS[tenant].id}:${oid}`), ...rest };
}

/** Every identity Azure DevOps knows in the scenario: users, guests' home accounts, Rotor's service principals. */
export function seedIdentities(): DevopsIdentity[] {
  const users = USERS.map((u) => identity("user", u.tenant, u.oid, { userKey: u.key, displayName: u.name, uniqueName: u.email }));
  const homes = USERS.filter((u) => u.homeTenant && GUEST_HOME_OIDS[u.key]).map((u) =>
    identity("user", u.homeTenant!, GUEST_HOME_OIDS[u.key]!, { userKey: u.key, displayName: u.name, uniqueName: u.email }),
  );
  const rotor = (Object.keys(TENANTS) as SeedTenantKey[]).map((tenant) =>
    identity("servicePrincipal", tenant, servicePrincipalOid(TENANTS[tenant].id), { displayName: ROTOR_APP.displayName, uniqueName: ROTOR_APP.clientId }),
  );
  return [...users, ...homes, ...rotor];
}

/** Graph subject descriptor: `aad.` for users, `aadsp.` for service principals. */
export const subjectDescriptor = (who: DevopsIdentity) => descriptor(who.kind === "user" ? "aad" : "aadsp", who.memberId);

/** The legacy identity descriptor that connectionData still reports. */
export function legacyDescriptor(who: DevopsIdentity) {
  const type = who.kind === "user" ? "Microsoft.IdentityModel.Claims.ClaimsIdentity" : "Microsoft.VisualStudio.Services.Claims.AadServicePrincipal";
  return { identityType: type, identifier: `${TENANTS[who.tenant].id}\\${who.kind === "user" ? who.uniqueName : who.oid}` };
}
