import type { Context, Hono } from "hono";
import { requireScope } from "./auth";
import { errors } from "./errors";
import { ci, hosts, list, param, reply } from "./http";
import { subjectDescriptor } from "./identities";
import { scopeDescriptor } from "./ids";
import type { DevopsState } from "./state";
import type { DevopsEnv, DevopsGroup } from "./types";
import { groupJson, membershipJson } from "./wire";

const GRAPH_SCOPES = ["vso.graph", "vso.graph_manage"];

/** vssps.dev.azure.com/{org}/_apis/graph: groups, memberships and descriptors of the organization. */
export function graphRoutes(app: Hono<DevopsEnv>, devops: DevopsState) {
  const orgName = (c: Context<DevopsEnv>) => c.get("caller").organization!.name;
  const renderGroup = (c: Context<DevopsEnv>, group: DevopsGroup) => {
    const project = group.projectId ? devops.projectsOf(group.organization).find((p) => p.id === group.projectId) : undefined;
    return groupJson(group, project, c.get("caller").organization!.id, hosts(c));
  };
  /** The org's members (users, service principals) and groups, by subject descriptor. */
  const subject = (c: Context<DevopsEnv>, descriptor: string) => {
    const group = devops.groupsOf(orgName(c)).find((g) => g.descriptor === descriptor);
    if (group) return { descriptor, isGroup: true as const, group };
    const identity = devops.identities.find((i) => subjectDescriptor(i) === descriptor && devops.isOrgMember(i, orgName(c)));
    return identity ? { descriptor, isGroup: false as const, identity } : undefined;
  };

  app.get(ci("/:org/_apis/graph/groups"), requireScope(...GRAPH_SCOPES), (c) => {
    const scope = c.req.query("scopeDescriptor");
    const groups = devops.groupsOf(orgName(c)).filter((g) => !scope || (g.projectId !== undefined && scopeDescriptor(g.projectId) === scope));
    return reply(c, list(groups.map((g) => renderGroup(c, g))));
  });

  app.get(ci("/:org/_apis/graph/groups/:descriptor"), requireScope(...GRAPH_SCOPES), (c) => {
    const found = subject(c, param(c, "descriptor"));
    return found?.isGroup ? reply(c, renderGroup(c, found.group)) : errors.subjectNotFound(c, param(c, "descriptor"));
  });

  app.get(ci("/:org/_apis/graph/memberships/:subject"), requireScope(...GRAPH_SCOPES), (c) => {
    const found = subject(c, param(c, "subject"));
    if (!found) return errors.subjectNotFound(c, param(c, "subject"));
    const down = (c.req.query("direction") ?? "up").toLowerCase() === "down";
    const h = hosts(c);
    let value: ReturnType<typeof membershipJson>[] = [];
    if (down && found.isGroup) {
      value = devops.identities
        .filter((i) => found.group.members.has(i.key))
        .map((i) => membershipJson(h, orgName(c), { descriptor: subjectDescriptor(i), isGroup: false }, found.descriptor));
    } else if (!down && !found.isGroup) {
      value = devops.groupsOf(orgName(c)).filter((g) => g.members.has(found.identity.key)).map((g) => membershipJson(h, orgName(c), found, g.descriptor));
    }
    // Otherwise empty: the emulator's groups hold people only, not other groups.
    return reply(c, list(value));
  });

  // GET answers one membership; Hono serves HEAD (the spec's existence check) from the same route.
  app.get(ci("/:org/_apis/graph/memberships/:subject/:container"), requireScope(...GRAPH_SCOPES), (c) => {
    const member = subject(c, param(c, "subject"));
    const container = subject(c, param(c, "container"));
    const isMember = member && !member.isGroup && container?.isGroup && container.group.members.has(member.identity.key);
    if (!isMember) return errors.subjectNotFound(c, `${param(c, "subject")}/${param(c, "container")}`);
    return reply(c, membershipJson(hosts(c), orgName(c), member, container.descriptor));
  });

  // Descriptor of a storage key (for a user, the member id that profile and connectionData report).
  app.get(ci("/:org/_apis/graph/descriptors/:storageKey"), requireScope(...GRAPH_SCOPES), (c) => {
    const key = param(c, "storageKey").toLowerCase();
    const identity = devops.identities.find((i) => i.memberId === key && devops.isOrgMember(i, orgName(c)));
    const group = devops.groupsOf(orgName(c)).find((g) => g.originId === key);
    const descriptor = identity ? subjectDescriptor(identity) : group?.descriptor;
    if (!descriptor) return errors.subjectNotFound(c, key);
    const graph = `${hosts(c).vssps}/${orgName(c)}/_apis/Graph`;
    const kind = group ? "Groups" : identity!.kind === "user" ? "Users" : "ServicePrincipals";
    return reply(c, {
      value: descriptor,
      _links: {
        self: { href: `${graph}/Descriptors/${key}` },
        storageKey: { href: `${graph}/StorageKeys/${descriptor}` },
        subject: { href: `${graph}/${kind}/${descriptor}` },
      },
    });
  });
}
