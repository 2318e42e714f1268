import type { Hono } from "hono";
import { requireScope } from "./auth";
import { errors } from "./errors";
import { ci, hosts, list, param, reply } from "./http";
import type { DevopsState } from "./state";
import type { DevopsEnv, DevopsOrganization } from "./types";

const PROFILE_SCOPES = ["vso.profile", "vso.profile_write"];

/** app.vssps.visualstudio.com: the caller's profile and the organizations (accounts) of a member. */
export function profileRoutes(app: Hono<DevopsEnv>, devops: DevopsState) {
  app.get(ci("/_apis/profile/profiles/:id"), requireScope(...PROFILE_SCOPES), (c) => {
    const { identity } = c.get("caller");
    const id = param(c, "id").toLowerCase();
    if (id !== "me" && id !== identity.memberId) return errors.profileNotFound(c);
    if (identity.kind !== "user") return errors.profileNotFound(c);
    return reply(c, {
      displayName: identity.displayName,
      publicAlias: identity.memberId,
      emailAddress: identity.uniqueName,
      coreRevision: 412,
      timeStamp: "2024-01-15T09:30:00.000+00:00",
      id: identity.memberId,
      revision: 412,
    });
  });

  /**
   * Accounts of `memberId` (organizations it belongs to) or of `ownerId` (organizations it owns).
   * Another member's accounts are not disclosed: the list comes back empty, as for a member of none.
   */
  app.get(ci("/_apis/accounts"), requireScope(...PROFILE_SCOPES), (c) => {
    const { identity } = c.get("caller");
    const memberId = c.req.query("memberId")?.toLowerCase();
    const ownerId = c.req.query("ownerId")?.toLowerCase();
    if (!memberId && !ownerId) return errors.badRequest(c, "Either memberId or ownerId must be supplied.");
    if ((memberId ?? ownerId) !== identity.memberId) return reply(c, list([]));
    const organizations = memberId ? devops.organizationsOf(identity) : devops.organizations.filter((o) => o.ownerKey === identity.key);
    const account = (o: DevopsOrganization) => ({ accountId: o.id, accountUri: `${hosts(c).vssps}/${o.name}/`, accountName: o.name, properties: {} });
    return reply(c, list(organizations.map(account)));
  });
}
