import { subjectDescriptor } from "./identities";
import { stableUuid } from "./ids";
import type { DevopsGroup, DevopsIdentity, DevopsProject, StoredEndpoint } from "./types";

type Hosts = { devops: string; vssps: string; app: string };

/** Parameters Azure never returns: GET and PUT answers carry them as null. */
export const CONFIDENTIAL_PARAMETERS = new Set(["serviceprincipalkey", "password"]);

export function identityRef(who: DevopsIdentity, hosts: Hosts, organization: string) {
  const descriptor = subjectDescriptor(who);
  const avatar = `${hosts.devops}/${organization}/_apis/GraphProfile/MemberAvatars/${descriptor}`;
  return {
    displayName: who.displayName,
    url: `${hosts.vssps}/${organization}/_apis/Identities/${who.memberId}`,
    _links: { avatar: { href: avatar } },
    id: who.memberId,
    uniqueName: who.uniqueName,
    imageUrl: avatar,
    descriptor,
  };
}

export function endpointJson(endpoint: StoredEndpoint, createdBy: DevopsIdentity | undefined, projectNames: Map<string, string>, hosts: Hosts) {
  const parameters = Object.fromEntries(
    Object.entries(endpoint.authorization.parameters).map(([key, value]) => [key, CONFIDENTIAL_PARAMETERS.has(key.toLowerCase()) ? null : value]),
  );
  return {
    data: endpoint.data,
    id: endpoint.id,
    name: endpoint.name,
    type: endpoint.type,
    url: endpoint.url,
    createdBy: createdBy ? identityRef(createdBy, hosts, endpoint.organization) : null,
    description: endpoint.description,
    authorization: { parameters, scheme: endpoint.authorization.scheme },
    isShared: endpoint.isShared,
    isReady: endpoint.isReady,
    owner: endpoint.owner,
    ...(endpoint.operationStatus ? { operationStatus: endpoint.operationStatus } : {}),
    serviceEndpointProjectReferences: endpoint.projectReferences.map((r) => ({
      projectReference: { id: r.projectId, name: projectNames.get(r.projectId) ?? "" },
      name: r.name,
      description: r.description,
    })),
  };
}

export function projectReferenceJson(project: DevopsProject, hosts: Hosts) {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    url: `${hosts.devops}/${project.organization}/_apis/projects/${project.id}`,
    state: "wellFormed",
    revision: 11,
    visibility: "private",
    lastUpdateTime: project.lastUpdateTime,
  };
}

export function projectJson(project: DevopsProject, hosts: Hosts) {
  const base = `${hosts.devops}/${project.organization}`;
  const teamId = stableUuid(`team:${project.id}`);
  return {
    ...projectReferenceJson(project, hosts),
    _links: {
      self: { href: `${base}/_apis/projects/${project.id}` },
      collection: { href: `${base}/_apis/projectCollections/${project.organization}` },
      web: { href: `${base}/${encodeURIComponent(project.name)}` },
    },
    defaultTeam: { id: teamId, name: `${project.name} Team`, url: `${base}/_apis/projects/${project.id}/teams/${teamId}` },
  };
}

const groupLinks = (hosts: Hosts, organization: string, descriptor: string) => {
  const graph = `${hosts.vssps}/${organization}/_apis/Graph`;
  return {
    self: { href: `${graph}/Groups/${descriptor}` },
    memberships: { href: `${graph}/Memberships/${descriptor}` },
    membershipState: { href: `${graph}/MembershipStates/${descriptor}` },
    storageKey: { href: `${graph}/StorageKeys/${descriptor}` },
  };
};

export function groupJson(group: DevopsGroup, project: DevopsProject | undefined, organizationId: string, hosts: Hosts) {
  const scopeName = project ? project.name : group.organization;
  return {
    subjectKind: "group",
    description: group.description,
    domain: project ? `vstfs:///Classification/TeamProject/${project.id}` : `vstfs:///Framework/IdentityDomain/${organizationId}`,
    principalName: `[${scopeName}]\\${group.name}`,
    mailAddress: null,
    origin: "vsts",
    originId: group.originId,
    displayName: group.name,
    _links: groupLinks(hosts, group.organization, group.descriptor),
    url: `${hosts.vssps}/${group.organization}/_apis/Graph/Groups/${group.descriptor}`,
    descriptor: group.descriptor,
  };
}

export function membershipJson(hosts: Hosts, organization: string, member: { descriptor: string; isGroup: boolean }, container: string) {
  const graph = `${hosts.vssps}/${organization}/_apis/Graph`;
  const memberKind = member.isGroup ? "Groups" : member.descriptor.startsWith("aadsp.") ? "ServicePrincipals" : "Users";
  return {
    containerDescriptor: container,
    memberDescriptor: member.descriptor,
    _links: {
      self: { href: `${graph}/Memberships/${member.descriptor}/${container}` },
      member: { href: `${graph}/${memberKind}/${member.descriptor}` },
      container: { href: `${graph}/Groups/${container}` },
    },
  };
}
