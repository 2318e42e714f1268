import { randomBytes } from "node:crypto";
import { ORGANIZATIONS, TENANTS, USERS } from "../seed";
import { DEVOPS_PROJECTS, ORGANIZATION_OWNERS, seedServiceConnections } from "../seed-devops";
import { seedGroups } from "./groups";
import { seedIdentities } from "./identities";
import { PatStore } from "./pats";
import type { DevopsGroup, DevopsIdentity, DevopsOrganization, DevopsProject, PatRecord, StoredEndpoint } from "./types";

/** ServiceEndpoints security namespace bits. */
export const ENDPOINT_PERMISSIONS = { use: 1, administer: 2, create: 4, viewAuthorization: 8, viewEndpoint: 16 } as const;
export const ALL_ENDPOINT_PERMISSIONS = 31;
const MEMBER_BITS = ENDPOINT_PERMISSIONS.viewEndpoint;
const CONTRIBUTOR_BITS = ENDPOINT_PERMISSIONS.use | ENDPOINT_PERMISSIONS.create | ENDPOINT_PERMISSIONS.viewEndpoint;

export type EndpointCredential = { organization: string; appId: string | null; secret: string | null };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Azure DevOps as the emulator remembers it: organizations, projects, groups, service endpoints and PATs. */
export class DevopsState {
  readonly identities: DevopsIdentity[] = seedIdentities();
  readonly organizations: DevopsOrganization[] = ORGANIZATIONS.map((o) => ({ ...o, ownerKey: ORGANIZATION_OWNERS[o.name] }));
  readonly projects: DevopsProject[];
  readonly groups: DevopsGroup[] = seedGroups();
  readonly pats = new PatStore();
  private readonly endpoints = new Map<string, StoredEndpoint>();
  /** Groups by organization, and by `organization|projectId` ("|" alone: collection groups): a bulk organization holds thousands. */
  private groupIndex = new Map<string, DevopsGroup[]>();

  private constructor(secretFor: (appId: string) => string | undefined) {
    const created = new Date(Date.UTC(2024, 0, 15, 9, 30)).toISOString();
    this.projects = DEVOPS_PROJECTS.map((p) => ({ ...p, lastUpdateTime: created }));
    const seeded = seedServiceConnections({
      forApp: (appId) => secretFor(appId) ?? null,
      opaque: () => randomBytes(24).toString("base64url"),
    });
    for (const endpoint of seeded) this.endpoints.set(endpoint.id, endpoint);
    this.indexGroups();
  }

  private indexGroups(): void {
    this.groupIndex = new Map();
    const add = (key: string, group: DevopsGroup) => {
      const list = this.groupIndex.get(key);
      if (list) list.push(group);
      else this.groupIndex.set(key, [group]);
    };
    for (const group of this.groups) {
      add(group.organization, group);
      add(`${group.organization}|${group.projectId ?? ""}`, group);
    }
  }

  /** A new organization with its projects and groups (the bulk route's; the seed's are made in the constructor). */
  addOrganization(organization: DevopsOrganization, projects: DevopsProject[], groups: DevopsGroup[]): void {
    this.organizations.push(organization);
    this.projects.push(...projects);
    this.groups.push(...groups);
    this.indexGroups();
  }

  /** `secretFor` gives the live client secret of a seeded Entra app, so connections start in sync. */
  static create({ secretFor }: { secretFor: (appId: string) => string | undefined }): DevopsState {
    return new DevopsState(secretFor);
  }

  organization(name: string): DevopsOrganization | undefined {
    return this.organizations.find((o) => same(o.name, name));
  }

  projectsOf(organization: string): DevopsProject[] {
    return this.projects.filter((p) => p.organization === organization);
  }

  /** Azure accepts a project's id or its name, in any case. */
  project(organization: string, idOrName: string): DevopsProject | undefined {
    return this.projectsOf(organization).find((p) => same(p.id, idOrName) || same(p.name, idOrName));
  }

  identityByToken(tenantId: string, oid: string): DevopsIdentity | undefined {
    return this.identities.find((i) => TENANTS[i.tenant].id === tenantId && i.oid === oid);
  }

  identityByMemberId(memberId: string): DevopsIdentity | undefined {
    return this.identities.find((i) => same(i.memberId, memberId));
  }

  /** The user's identity in the user's own (resource) tenant. */
  primaryIdentity(userKey: string): DevopsIdentity | undefined {
    const user = USERS.find((u) => u.key === userKey);
    return user && this.identities.find((i) => i.userKey === userKey && i.tenant === user.tenant);
  }

  /** A person's identity in an organization: the one from the organization's directory when they have one. */
  identityIn(userKey: string, organization: DevopsOrganization): DevopsIdentity | undefined {
    return this.identities.find((i) => i.userKey === userKey && i.tenant === organization.tenant) ?? this.primaryIdentity(userKey);
  }

  groupsOf(organization: string): DevopsGroup[] {
    return this.groupIndex.get(organization) ?? [];
  }

  /** The groups of one project, or the collection's own groups when `projectId` is undefined. */
  private groupsIn(organization: string, projectId: string | undefined): DevopsGroup[] {
    return this.groupIndex.get(`${organization}|${projectId ?? ""}`) ?? [];
  }

  isOrgMember(who: DevopsIdentity, organization: string): boolean {
    return this.groupsOf(organization).some((g) => g.members.has(who.key));
  }

  organizationsOf(who: DevopsIdentity): DevopsOrganization[] {
    return this.organizations.filter((o) => this.isOrgMember(who, o.name));
  }

  private inGroup(who: DevopsIdentity, organization: string, projectId: string | undefined, name: DevopsGroup["name"]): boolean {
    return this.groupsIn(organization, projectId).some((g) => g.name === name && g.members.has(who.key));
  }

  isCollectionAdmin(who: DevopsIdentity, organization: string): boolean {
    return this.inGroup(who, organization, undefined, "Project Collection Administrators");
  }

  canSeeProject(who: DevopsIdentity, project: DevopsProject): boolean {
    return this.isCollectionAdmin(who, project.organization) || this.groupsIn(project.organization, project.id).some((g) => g.members.has(who.key));
  }

  /** Rights on `endpoints/{projectId}` (and the endpoints under it) as ServiceEndpoints permission bits. */
  endpointPermissions(who: DevopsIdentity, project: DevopsProject): number {
    const org = project.organization;
    if (this.isCollectionAdmin(who, org)) return ALL_ENDPOINT_PERMISSIONS;
    if (this.inGroup(who, org, project.id, "Project Administrators") || this.inGroup(who, org, project.id, "Endpoint Administrators")) return ALL_ENDPOINT_PERMISSIONS;
    if (this.inGroup(who, org, project.id, "Contributors")) return CONTRIBUTOR_BITS;
    return this.canSeeProject(who, project) ? MEMBER_BITS : 0;
  }

  endpointsIn(project: DevopsProject): StoredEndpoint[] {
    return [...this.endpoints.values()].filter((e) => e.organization === project.organization && e.projectReferences.some((r) => r.projectId === project.id));
  }

  endpoint(organization: string, id: string): StoredEndpoint | undefined {
    const found = this.endpoints.get(id.toLowerCase());
    return found?.organization === organization ? found : undefined;
  }

  replaceEndpoint(next: StoredEndpoint): void {
    this.endpoints.set(next.id, next);
  }

  /** Takes a connection out of projects; a connection left in none is deleted, as Azure does. */
  removeEndpointFrom(endpoint: StoredEndpoint, projectIds: ReadonlySet<string>): void {
    const kept = endpoint.projectReferences.filter((r) => !projectIds.has(r.projectId));
    if (kept.length === 0) this.endpoints.delete(endpoint.id);
    else this.endpoints.set(endpoint.id, { ...endpoint, projectReferences: kept, isShared: kept.length > 1 });
  }

  /**
   * The credential a connection holds now (for inspection by tests; never served to Rotor).
   * An arrow property, so it can be handed over as a plain function.
   */
  readonly endpointCredential = (endpointId: string): EndpointCredential | undefined => {
    const found = this.endpoints.get(endpointId.toLowerCase());
    if (!found) return undefined;
    const p = found.authorization.parameters;
    const type = found.type.toLowerCase();
    if (type === "azurerm") return { organization: found.organization, appId: p.serviceprincipalid ?? null, secret: p.serviceprincipalkey ?? null };
    if (type === "dockerregistry") return { organization: found.organization, appId: p.username ?? null, secret: p.password ?? null };
    return { organization: found.organization, appId: null, secret: null };
  };

  mintPat(record: PatRecord): string {
    return this.pats.mint(record);
  }
}
