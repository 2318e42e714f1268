import type { SeedTenantKey } from "../seed";

/**
 * An Azure DevOps identity. DevOps keys identities by directory and object id, so a guest has two:
 * the guest object in the resource tenant and the account in the home tenant.
 */
export type DevopsIdentity = {
  /** `${tenant}:${oid}` — unique across the emulator. */
  key: string;
  kind: "user" | "servicePrincipal";
  tenant: SeedTenantKey;
  oid: string;
  /** DevOps member id: profile id, publicAlias, identity id and graph storage key at once. */
  memberId: string;
  /** The seed user this identity belongs to; unset for Rotor's service principals. */
  userKey?: string;
  displayName: string;
  uniqueName: string;
};

export type DevopsOrganization = { name: string; id: string; tenant: SeedTenantKey; ownerKey: string };

export type DevopsProject = { id: string; name: string; description: string; organization: string; lastUpdateTime: string };

export const GROUP_NAMES = ["Project Collection Administrators", "Project Administrators", "Endpoint Administrators", "Contributors"] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

export type DevopsGroup = {
  descriptor: string;
  originId: string;
  name: GroupName;
  description: string;
  organization: string;
  /** Unset for the collection-level group (Project Collection Administrators). */
  projectId?: string;
  members: Set<string>;
};

export type EndpointAuthorization = { scheme: string; parameters: Record<string, string | null> };

/** A service endpoint as stored: confidential parameters hold their real values here. */
export type StoredEndpoint = {
  organization: string;
  id: string;
  name: string;
  type: string;
  url: string;
  description: string;
  data: Record<string, string>;
  authorization: EndpointAuthorization;
  isShared: boolean;
  isReady: boolean;
  owner: string;
  operationStatus?: { state: string; statusMessage: string };
  projectReferences: { projectId: string; name: string; description: string }[];
  createdBy: string;
};

export type PatRecord = {
  userKey: string;
  /** Null: "All accessible organizations". */
  organizations: string[] | null;
  expiresAt: number;
  scopes: string[];
};

/** Who is calling, once the credential is checked. */
export type Caller = { identity: DevopsIdentity; organization?: DevopsOrganization; pat?: PatRecord };

export type DevopsEnv = { Variables: { caller: Caller } };
