import { servicePrincipalOid } from "../entra/tokens";
import { ROTOR_APP, TENANTS, USERS, type SeedUser } from "../seed";
import type { StoredCredential } from "./credentials";
import type { GraphApplication } from "./state";

export const APPLICATION_PROPERTIES = [
  "id",
  "appId",
  "displayName",
  "description",
  "createdDateTime",
  "deletedDateTime",
  "publisherDomain",
  "signInAudience",
  "tags",
  "notes",
  "identifierUris",
  "keyCredentials",
  "passwordCredentials",
] as const;

/** secretText is null everywhere but in addPassword's answer. */
export function passwordCredentialView(credential: StoredCredential, secretText: string | null = null) {
  return {
    customKeyIdentifier: null,
    displayName: credential.displayName,
    endDateTime: credential.endDateTime,
    hint: credential.hint,
    keyId: credential.keyId,
    secretText,
    startDateTime: credential.startDateTime,
  };
}

export function applicationView(app: GraphApplication, credentials: StoredCredential[]): Record<string, unknown> {
  const tenant = Object.values(TENANTS).find((t) => t.id === app.tenantId);
  return {
    id: app.seed.objectId,
    appId: app.seed.appId,
    displayName: app.seed.displayName,
    description: null,
    createdDateTime: app.createdDateTime,
    deletedDateTime: null,
    publisherDomain: tenant?.domain ?? null,
    signInAudience: "AzureADMyOrg",
    tags: [],
    notes: null,
    identifierUris: [],
    keyCredentials: [],
    passwordCredentials: credentials.map((c) => passwordCredentialView(c)),
  };
}

/** Properties Graph names on a user: its default set (what GET answers without $select) and the others Rotor or a test may select. */
const USER_DEFAULT = ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];
export const USER_PROPERTIES = [...USER_DEFAULT, "userType", "accountEnabled", "createdDateTime"];
/** What User.ReadBasic.All reads of another user (permissions-reference.md); the rest stays null. */
const USER_BASIC = new Set(["id", "displayName", "givenName", "surname", "mail", "userPrincipalName"]);
const SERVICE_PRINCIPAL_DEFAULT = ["id", "accountEnabled", "appDisplayName", "appId", "appOwnerOrganizationId", "displayName", "servicePrincipalType"];
/** $select on a directoryObject collection may name the properties of any type it holds. */
export const DIRECTORY_OBJECT_PROPERTIES = [...new Set([...USER_PROPERTIES, ...SERVICE_PRINCIPAL_DEFAULT, "deletedDateTime"])];

export type Access = "full" | "basic" | "limited";

function userProperties(user: SeedUser): Record<string, unknown> {
  const tenant = TENANTS[user.tenant];
  // A guest's UPN in the resource tenant is Entra's #EXT# form of the home address.
  const upn = user.homeTenant ? `${user.email.replace("@", "_")}#EXT#@${tenant.domain}` : user.email;
  const [givenName, ...rest] = user.name.split(" ");
  return {
    id: user.oid,
    businessPhones: [],
    displayName: user.name,
    givenName: givenName ?? null,
    jobTitle: null,
    mail: user.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: rest.join(" ") || null,
    userPrincipalName: upn,
    userType: user.homeTenant ? "Guest" : "Member",
    accountEnabled: true,
    createdDateTime: null,
  };
}

/**
 * A directory object as Graph answers it: exactly the selected properties (or the type's default
 * set), `@odata.type` on members of a directoryObject collection, and with limited information the
 * id alone, every other property null; with User.ReadBasic.All only the basic profile.
 */
function shape(type: string, all: Record<string, unknown>, defaults: string[], access: Access, select: string[] | undefined, typed: boolean) {
  const names = select ? select.filter((p) => p in all) : defaults;
  const visible = (p: string) => p === "id" || access === "full" || (access === "basic" && USER_BASIC.has(p));
  const body: Record<string, unknown> = typed ? { "@odata.type": type } : {};
  for (const p of names) body[p] = visible(p) ? all[p] : null;
  // An inaccessible object still says what it is: its type and id.
  if (access === "limited" && !("id" in body)) body.id = all.id;
  return body;
}

export function userView(user: SeedUser, access: Access, select: string[] | undefined, typed = true): Record<string, unknown> {
  return shape("#microsoft.graph.user", userProperties(user), USER_DEFAULT, access, select, typed);
}

function rotorServicePrincipalView(tenantId: string, access: Access, select: string[] | undefined): Record<string, unknown> {
  const all = {
    id: servicePrincipalOid(tenantId),
    accountEnabled: true,
    appDisplayName: ROTOR_APP.displayName,
    appId: ROTOR_APP.clientId,
    appOwnerOrganizationId: null,
    displayName: ROTOR_APP.displayName,
    servicePrincipalType: "Application",
  };
  return shape("#microsoft.graph.servicePrincipal", all, SERVICE_PRINCIPAL_DEFAULT, access, select, true);
}

/**
 * The app's owners as directoryObjects: its seeded users, then Rotor's service principal when it
 * manages the app, each as much as the caller may read of its type.
 */
export function ownerViews(app: GraphApplication, access: { user: Access; servicePrincipal: Access }, select: string[] | undefined): Record<string, unknown>[] {
  const users = app.seed.owners.map((key) => USERS.find((u) => u.key === key)).filter((u): u is SeedUser => !!u);
  return [
    ...users.map((u) => userView(u, access.user, select)),
    ...(app.seed.managed ? [rotorServicePrincipalView(app.tenantId, access.servicePrincipal, select)] : []),
  ];
}
