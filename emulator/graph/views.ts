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

function userView(user: SeedUser): Record<string, unknown> {
  const tenant = TENANTS[user.tenant];
  // A guest's UPN in the resource tenant is Entra's #EXT# form of the home address.
  const upn = user.homeTenant ? `${user.email.replace("@", "_")}#EXT#@${tenant.domain}` : user.email;
  return {
    "@odata.type": "#microsoft.graph.user",
    id: user.oid,
    displayName: user.name,
    mail: user.email,
    userPrincipalName: upn,
    userType: user.homeTenant ? "Guest" : "Member",
  };
}

function rotorServicePrincipalView(tenantId: string): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.servicePrincipal",
    id: servicePrincipalOid(tenantId),
    appId: ROTOR_APP.clientId,
    displayName: ROTOR_APP.displayName,
    servicePrincipalType: "Application",
  };
}

/** The app's owners as directoryObjects: its seeded users, then Rotor's service principal when it manages the app. */
export function ownerViews(app: GraphApplication): Record<string, unknown>[] {
  const users = app.seed.owners.map((key) => USERS.find((u) => u.key === key)).filter((u): u is SeedUser => !!u);
  return [...users.map(userView), ...(app.seed.managed ? [rotorServicePrincipalView(app.tenantId)] : [])];
}
