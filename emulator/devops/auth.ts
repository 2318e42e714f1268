import type { Context, MiddlewareHandler } from "hono";
import { RESOURCES, verifyAccessToken } from "../entra/tokens";
import type { EmulatorState } from "../state";
import { errors, signInPage } from "./errors";
import type { DevopsState } from "./state";
import type { DevopsEnv, DevopsIdentity, DevopsOrganization, PatRecord } from "./types";

type Credential =
  | { kind: "none"; expired: boolean }
  | { kind: "pat"; pat: PatRecord }
  | { kind: "bearer"; identity: DevopsIdentity | undefined; uniqueName: string };

/** PAT through HTTP Basic (the user name is ignored, as Azure does), or an Entra token for Azure DevOps. */
async function readCredential(header: string | undefined, emulator: EmulatorState, devops: DevopsState): Promise<Credential> {
  if (header?.startsWith("Basic ")) {
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const pat = devops.pats.find(decoded.slice(decoded.indexOf(":") + 1));
    if (!pat) return { kind: "none", expired: false };
    return pat.expiresAt <= Date.now() ? { kind: "none", expired: true } : { kind: "pat", pat };
  }
  if (header?.startsWith("Bearer ")) {
    const claims = await verifyAccessToken(emulator, header.slice(7), RESOURCES.devops);
    if (!claims) return { kind: "none", expired: false };
    const identity = devops.identityByToken(claims.tid, claims.oid);
    return { kind: "bearer", identity, uniqueName: identity?.uniqueName ?? String(claims.preferred_username ?? claims.oid) };
  }
  return { kind: "none", expired: false };
}

function refuse(c: Context, expired: boolean) {
  if (c.req.header("x-tfs-fedauthredirect")?.toLowerCase() !== "suppress") return signInPage(c);
  return expired ? errors.patExpired(c) : errors.anonymous(c);
}

/**
 * Authenticates every call to an emulated DevOps host. `organization`: the path starts with the
 * organization, the caller must be a member of it, and a PAT must cover it. `global`
 * (app.vssps.visualstudio.com): Azure accepts only PATs made for all accessible organizations.
 */
export function authenticate(emulator: EmulatorState, devops: DevopsState, scope: "organization" | "global"): MiddlewareHandler<DevopsEnv> {
  return async (c, next) => {
    const credential = await readCredential(c.req.header("authorization"), emulator, devops);
    if (credential.kind === "none") return refuse(c, credential.expired);

    let organization: DevopsOrganization | undefined;
    let identity: DevopsIdentity | undefined;
    if (scope === "organization") {
      const name = c.req.param("org") ?? "";
      organization = devops.organization(name);
      if (!organization) return errors.organizationNotFound(c, name);
      identity = credential.kind === "pat" ? devops.identityIn(credential.pat.userKey, organization) : credential.identity;
      const patCovers = credential.kind !== "pat" || !credential.pat.organizations || credential.pat.organizations.includes(organization.name);
      if (!identity || !patCovers || !devops.isOrgMember(identity, organization.name)) {
        return errors.notAuthorized(c, identity?.uniqueName ?? (credential.kind === "bearer" ? credential.uniqueName : ""));
      }
    } else {
      identity = credential.kind === "pat" ? devops.primaryIdentity(credential.pat.userKey) : credential.identity;
      const patCovers = credential.kind !== "pat" || !credential.pat.organizations;
      if (!identity || !patCovers) return errors.notAuthorized(c, identity?.uniqueName ?? (credential.kind === "bearer" ? credential.uniqueName : ""));
    }
    c.set("caller", { identity, organization, pat: credential.kind === "pat" ? credential.pat : undefined });
    await next();
  };
}

/** PAT scopes a route accepts; `app_token` is a full-access PAT. Entra tokens for Azure DevOps carry user_impersonation. */
export function requireScope(...scopes: string[]): MiddlewareHandler<DevopsEnv> {
  return async (c, next) => {
    const { pat, identity } = c.get("caller");
    if (pat && !pat.scopes.some((s) => s === "app_token" || scopes.includes(s))) return errors.missingScope(c, identity.uniqueName, scopes);
    await next();
  };
}
