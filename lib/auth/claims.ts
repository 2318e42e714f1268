import { z } from "zod";

export const ADMIN_APP_ROLE = "Rotor.Admin";

const idTokenClaims = z.object({
  tid: z.uuid(),
  oid: z.uuid(),
  name: z.string().min(1).optional(),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).optional(),
  /**
   * Who authenticated the user when it was not the token's own tenant: another Entra tenant's
   * issuer (`https://sts.windows.net/<tid>/`), `mail` (e-mail one-time passcode), `live.com`,
   * `google.com`, a SAML/WS-Fed issuer… Absent (or the tenant's own issuer) for a member.
   */
  idp: z.string().optional(),
});

export type Identity = {
  tenantId: string;
  oid: string;
  homeTenantId: string;
  isGuest: boolean;
  email: string | null;
  name: string;
  appRoles: string[];
};

const ENTRA_ISSUER = /^https:\/\/(?:sts\.windows\.net|login\.microsoftonline\.com)\/([0-9a-f-]{36})\/(?:v2\.0\/?)?$/i;

/**
 * The tenant (or identity provider) the account comes from. Fails closed: any `idp` other than
 * the token's own tenant's issuer makes a guest — from another Entra tenant, its id; from
 * anywhere else (one-time passcode, Microsoft account, Google, SAML), `idp:<value>`, which never
 * equals a tenant id.
 */
function homeOf(idp: string | undefined, tid: string): string {
  if (idp === undefined) return tid;
  const tenant = idp.trim().match(ENTRA_ISSUER)?.[1]?.toLowerCase();
  return tenant ?? `idp:${idp.trim().toLowerCase()}`;
}

/** Reads who signed in from Entra ID's id token claims; null when the token lacks tid or oid. */
export function identityFromClaims(claims: unknown): Identity | null {
  const parsed = idTokenClaims.safeParse(claims);
  if (!parsed.success) return null;
  const c = parsed.data;
  const homeTenantId = homeOf(c.idp, c.tid.toLowerCase());
  const email = c.email ?? c.preferred_username ?? null;
  return {
    tenantId: c.tid.toLowerCase(),
    oid: c.oid,
    homeTenantId,
    isGuest: homeTenantId !== c.tid.toLowerCase(),
    email,
    name: c.name ?? email ?? "Unnamed user",
    appRoles: c.roles ?? [],
  };
}

/**
 * A tenant admin holds the Rotor.Admin app role in that tenant, or is named in
 * ROTOR_BOOTSTRAP_ADMINS as `<tenantId>:<object id or email>` — qualified by tenant, so being
 * listed for one tenant grants nothing in another. Never for a guest: an e-mail claim is whatever
 * the guest's own identity provider says, and only a member's comes from this tenant.
 */
export function isTenantAdmin(identity: Identity, bootstrapAdmins: readonly string[]): boolean {
  if (identity.appRoles.includes(ADMIN_APP_ROLE)) return true;
  if (identity.isGuest) return false;
  const names = [identity.oid, identity.email].filter((v): v is string => !!v).map((v) => `${identity.tenantId}:${v}`.toLowerCase());
  return names.some((n) => bootstrapAdmins.includes(n));
}
