import { z } from "zod";

export const ADMIN_APP_ROLE = "Rotor.Admin";

const idTokenClaims = z.object({
  tid: z.uuid(),
  oid: z.uuid(),
  name: z.string().min(1).optional(),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).optional(),
  /** Present for a guest: the issuer of the home tenant, `https://sts.windows.net/<tid>/`. */
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

const HOME_TENANT = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/?$/i;

/** Reads who signed in from Entra ID's id token claims; null when the token lacks tid or oid. */
export function identityFromClaims(claims: unknown): Identity | null {
  const parsed = idTokenClaims.safeParse(claims);
  if (!parsed.success) return null;
  const c = parsed.data;
  const homeTenantId = c.idp?.match(HOME_TENANT)?.[1]?.toLowerCase() ?? c.tid;
  const email = c.email ?? c.preferred_username ?? null;
  return {
    tenantId: c.tid,
    oid: c.oid,
    homeTenantId,
    isGuest: homeTenantId !== c.tid,
    email,
    name: c.name ?? email ?? "Unnamed user",
    appRoles: c.roles ?? [],
  };
}

/**
 * A tenant admin holds the Rotor.Admin app role in that tenant, or is named in
 * ROTOR_BOOTSTRAP_ADMINS as `<tenantId>:<object id or email>` — qualified by tenant, so being
 * listed for one tenant grants nothing in another, and never for a guest (whose email could match).
 */
export function isTenantAdmin(identity: Identity, bootstrapAdmins: readonly string[]): boolean {
  if (identity.appRoles.includes(ADMIN_APP_ROLE)) return true;
  if (identity.isGuest) return false;
  const names = [identity.oid, identity.email].filter((v): v is string => !!v).map((v) => `${identity.tenantId}:${v}`.toLowerCase());
  return names.some((n) => bootstrapAdmins.includes(n));
}
