import { ORGANIZATIONS } from "../seed";
import { DEVOPS_MEMBERS, DEVOPS_PROJECTS } from "../seed-devops";
import { descriptor, stableNumbers, stableUuid } from "./ids";
import { GROUP_NAMES, type DevopsGroup, type GroupName } from "./types";

const DESCRIPTIONS: Record<GroupName, string> = {
  "Project Collection Administrators": "Members of this application group can perform all privileged operations on the Team Project Collection.",
  "Project Administrators": "Members of this group can perform all operations in the team project.",
  "Endpoint Administrators": "Members of this group should include accounts that manage all the service connections.",
  Contributors: "Members of this group can add, modify, and delete items within the team project.",
};

/**
 * A group's security id, built the way Azure DevOps builds them: a scope part derived from the
 * collection or project, then `0-0-0-0-n` for built-in groups or `1-` and four numbers for others.
 */
function sid(scope: string, name: GroupName): string {
  const scopePart = stableNumbers(`scope:${scope}`, 4).join("-");
  const builtIn = name === "Project Collection Administrators" || name === "Project Administrators";
  return `S-1-9-1551374245-${scopePart}-${builtIn ? "0-0-0-0-1" : `1-${stableNumbers(`${scope}:${name}`, 4).join("-")}`}`;
}

function group(organization: string, name: GroupName, projectId?: string, organizationId?: string): DevopsGroup {
  const scope = projectId ?? organizationId ?? ORGANIZATIONS.find((o) => o.name === organization)!.id;
  return {
    descriptor: descriptor("vssgp", sid(scope, name)),
    originId: stableUuid(`group:${scope}:${name}`),
    name,
    description: DESCRIPTIONS[name],
    organization,
    projectId,
    members: new Set(),
  };
}

/** The groups a new organization starts with: its collection administrators and each project's groups (empty). */
export function organizationGroups(organization: { name: string; id: string }, projectIds: readonly string[]): DevopsGroup[] {
  return [
    group(organization.name, "Project Collection Administrators", undefined, organization.id),
    ...projectIds.flatMap((id) => GROUP_NAMES.filter((n) => n !== "Project Collection Administrators").map((n) => group(organization.name, n, id))),
  ];
}

/** Every organization's collection administrators and every project's groups, with the seeded members. */
export function seedGroups(): DevopsGroup[] {
  const groups = [
    ...ORGANIZATIONS.map((o) => group(o.name, "Project Collection Administrators")),
    ...DEVOPS_PROJECTS.flatMap((p) => GROUP_NAMES.filter((n) => n !== "Project Collection Administrators").map((n) => group(p.organization, n, p.id))),
  ];
  for (const entry of DEVOPS_MEMBERS) {
    const projectId = entry.project && DEVOPS_PROJECTS.find((p) => p.organization === entry.organization && p.name === entry.project)!.id;
    const target = groups.find((g) => g.organization === entry.organization && g.name === entry.group && g.projectId === projectId)!;
    for (const member of entry.members) target.members.add(member);
  }
  return groups;
}
