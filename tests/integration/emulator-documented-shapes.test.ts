import { ClientSecretCredential } from "@azure/identity";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCES } from "../../emulator/entra/tokens";
import { APPS, ROTOR_APP, TENANTS, USERS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { emulatorCodeFlow } from "../support/sign-in-flow";

/**
 * The emulator's answers to the Entra ID, Microsoft Graph and Azure DevOps location calls Rotor
 * makes, held against the shapes Microsoft documents: top-level fields and their JSON types. These
 * have no recorded examples in ../shared/specs (see emulator-spec-shapes.test.ts for those), so the
 * documented shapes are pinned here:
 * - Entra ID: entra-docs v2-protocols-oidc.md (discovery), v2-oauth2-client-creds-grant-flow.md and
 *   v2-oauth2-auth-code-flow.md (token answers and "Error response");
 * - Graph: application-get, application-list-owners, serviceprincipal-list-ownedobjects,
 *   application-addpassword / -removepassword, organization-get, user-get, and errors.md, with
 *   `$select` answering exactly the selected properties (query-parameters.md) and owners under
 *   Application.ReadWrite.OwnedBy answered with limited information (permissions-overview.md);
 * - Azure DevOps location data: azure-devops-node-api LocationsInterfaces.ts / VsoBaseInterfaces.ts.
 *
 * A shape lists every key: `"?key"` may be absent, a type `"a|b"` allows either, `{…}` is an
 * object with exactly those keys, `[{…}]` an array whose every item has that shape.
 */
type Shape = { [key: string]: string | Shape | [Shape] };
type Json = Record<string, any>;

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function check(actual: unknown, shape: Shape, path: string, problems: string[], exact = true): void {
  if (kind(actual) !== "object") return void problems.push(`${path}: expected an object, got ${kind(actual)}`);
  const a = actual as Json;
  const keys = Object.keys(shape).map((k) => k.replace(/^\?/, ""));
  for (const [raw, want] of Object.entries(shape)) {
    const key = raw.replace(/^\?/, "");
    if (!(key in a)) {
      if (!raw.startsWith("?")) problems.push(`${path}.${key}: missing`);
      continue;
    }
    const value = a[key];
    if (typeof want === "string") {
      if (!want.split("|").includes(kind(value))) problems.push(`${path}.${key}: expected ${want}, got ${kind(value)}`);
    } else if (Array.isArray(want)) {
      if (!Array.isArray(value)) problems.push(`${path}.${key}: expected an array, got ${kind(value)}`);
      else value.forEach((item, i) => check(item, want[0], `${path}.${key}[${i}]`, problems));
    } else check(value, want, `${path}.${key}`, problems);
  }
  if (exact) for (const key of Object.keys(a).filter((k) => !keys.includes(k))) problems.push(`${path}.${key}: not documented`);
}

const expectShape = (actual: unknown, shape: Shape, exact = true) => {
  const problems: string[] = [];
  check(actual, shape, "body", problems, exact);
  expect(problems).toEqual([]);
};

const ENTRA_ERROR: Shape = { error: "string", error_description: "string", error_codes: "array", timestamp: "string", trace_id: "string", correlation_id: "string" };
const GRAPH_ERROR: Shape = { error: { code: "string", message: "string", "?details": "array", innerError: { "?code": "string", "?message": "string", "?status": "string", date: "string", "request-id": "string", "client-request-id": "string" } } };
const PASSWORD_CREDENTIAL: Shape = { customKeyIdentifier: "string|null", displayName: "string|null", endDateTime: "string", hint: "string|null", keyId: "string", secretText: "null", startDateTime: "string" };
const APPLICATION: Shape = { id: "string", appId: "string", displayName: "string", passwordCredentials: [PASSWORD_CREDENTIAL] };
const DISCOVERY: Shape = Object.fromEntries(
  [
    ["token_endpoint", "string"], ["token_endpoint_auth_methods_supported", "array"], ["jwks_uri", "string"], ["response_modes_supported", "array"],
    ["subject_types_supported", "array"], ["id_token_signing_alg_values_supported", "array"], ["response_types_supported", "array"], ["scopes_supported", "array"],
    ["issuer", "string"], ["request_uri_parameter_supported", "boolean"], ["userinfo_endpoint", "string"], ["authorization_endpoint", "string"],
    ["device_authorization_endpoint", "string"], ["http_logout_supported", "boolean"], ["frontchannel_logout_supported", "boolean"], ["end_session_endpoint", "string"],
    ["claims_supported", "array"], ["kerberos_endpoint", "string"], ["tenant_region_scope", "string|null"], ["cloud_instance_name", "string"],
    ["cloud_graph_host_name", "string"], ["msgraph_host", "string"], ["rbac_url", "string"], ["?code_challenge_methods_supported", "array"],
  ],
);

const app = (key: string) => APPS.find((a) => a.key === key)!;
const rotorSecret = () => JSON.parse(readFileSync(join(emulator().dataDir, "secrets.json"), "utf8")).rotorClientSecret as string;
const settings = (changes: Record<string, unknown>) =>
  fetch(`${emulator().http}/_emulator/settings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(changes) });

describe("emulator answers have the shapes Microsoft documents (Entra ID, Graph, DevOps location data)", () => {
  let appToken: string;
  const graph = async (path: string, init: RequestInit = {}, token = appToken) => {
    const res = await fetch(`${emulator().https}/graph/v1.0/${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers as Record<string, string>) } });
    return { status: res.status, text: await res.text(), json() { return JSON.parse(this.text) as Json; } };
  };
  beforeAll(async () => {
    const credential = new ClientSecretCredential(TENANTS.contoso.id, ROTOR_APP.clientId, rotorSecret(), { authorityHost: emulator().https, disableInstanceDiscovery: true });
    appToken = (await credential.getToken(`${RESOURCES.graph}/.default`)).token;
  });
  afterAll(async () => {
    await settings({ userReadBasicAll: false });
  });

  it("Entra ID: discovery, signing keys", async () => {
    for (const tenant of ["common", TENANTS.contoso.id]) expectShape(await (await fetch(`${emulator().https}/${tenant}/v2.0/.well-known/openid-configuration`)).json(), DISCOVERY);
    const keys = (await (await fetch(`${emulator().https}/${TENANTS.contoso.id}/discovery/v2.0/keys`)).json()) as Json;
    expectShape(keys, { keys: "array" });
    for (const key of keys.keys) expectShape(key, { kty: "string", use: "string", kid: "string", n: "string", e: "string" }, false);
  });

  it("Entra ID: token answers (client credentials, code flow) and an error", async () => {
    const form = (secret: string) => new URLSearchParams({ grant_type: "client_credentials", client_id: ROTOR_APP.clientId, client_secret: secret, scope: `${RESOURCES.graph}/.default` });
    const url = `${emulator().https}/${TENANTS.contoso.id}/oauth2/v2.0/token`;
    expectShape(await (await fetch(url, { method: "POST", body: form(rotorSecret()) })).json(), { token_type: "string", expires_in: "number", ext_expires_in: "number", access_token: "string" });
    const user = await emulatorCodeFlow(emulator(), { userKey: "contoso-owner", clientSecret: rotorSecret() });
    expectShape(user, { token_type: "string", scope: "string", expires_in: "number", ext_expires_in: "number", access_token: "string", refresh_token: "string", id_token: "string" });
    expectShape(await (await fetch(url, { method: "POST", body: form("wrong") })).json(), ENTRA_ERROR);
  });

  it("Graph: an application, the applications Rotor owns, their owners (limited information)", async () => {
    expectShape((await graph(`applications(appId='${app("payments-api").appId}')?$select=id,appId,displayName,passwordCredentials`)).json(), { "@odata.context": "string", ...APPLICATION });
    const owned = await graph(`servicePrincipals(appId='${ROTOR_APP.clientId}')/ownedObjects/microsoft.graph.application?$select=id,appId,displayName,passwordCredentials&$top=100`);
    expectShape(owned.json(), { "@odata.context": "string", "?@odata.nextLink": "string", value: [APPLICATION] });
    const owners = await graph(`applications/${app("reporting-service").objectId}/owners?$select=id,displayName,userPrincipalName,mail`);
    expectShape(owners.json(), { "@odata.context": "string", "?@odata.nextLink": "string", value: [{ "@odata.type": "string", id: "string", displayName: "null", "?userPrincipalName": "null", "?mail": "null" }] });
  });

  it("Graph: addPassword, removePassword", async () => {
    const target = app("legacy-batch").objectId;
    const added = await graph(`applications/${target}/addPassword`, { method: "POST", body: JSON.stringify({ passwordCredential: { displayName: "shape probe" } }) });
    expectShape(added.json(), { "@odata.context": "string", ...PASSWORD_CREDENTIAL, secretText: "string" });
    const removed = await graph(`applications/${target}/removePassword`, { method: "POST", body: JSON.stringify({ keyId: added.json().keyId }) });
    expect([removed.status, removed.text]).toEqual([204, ""]);
  });

  it("Graph: the organization (signed-in user), a user (User.ReadBasic.All) and the 403 without it", async () => {
    const user = await emulatorCodeFlow(emulator(), { userKey: "contoso-owner", clientSecret: rotorSecret(), scope: "openid profile User.Read" });
    expectShape((await graph("organization?$select=id,displayName", {}, user.access_token)).json(), { "@odata.context": "string", value: [{ id: "string", displayName: "string" }] });
    const omar = USERS.find((u) => u.key === "contoso-owner")!.oid;
    const refused = await graph(`users/${omar}?$select=displayName,mail,userPrincipalName`);
    expect(refused.status).toBe(403);
    expectShape(refused.json(), GRAPH_ERROR);
    await settings({ userReadBasicAll: true });
    const credential = new ClientSecretCredential(TENANTS.contoso.id, ROTOR_APP.clientId, rotorSecret(), { authorityHost: emulator().https, disableInstanceDiscovery: true });
    const granted = (await credential.getToken(`${RESOURCES.graph}/.default`)).token;
    expectShape((await graph(`users/${omar}?$select=displayName,mail,userPrincipalName`, {}, granted)).json(), { "@odata.context": "string", displayName: "string|null", mail: "string|null", userPrincipalName: "string|null" });
  });

  it("Azure DevOps: resource locations, resource areas and connectionData", async () => {
    const minted = await fetch(`${emulator().https}/_emulator/devops/pats`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userKey: "contoso-admin" }) });
    const { token } = (await minted.json()) as { token: string };
    const headers = { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`, accept: "application/json;api-version=7.1", "x-tfs-fedauthredirect": "Suppress" };
    const devops = async (path: string, method = "GET") => (await fetch(`${emulator().https}/devops/contoso-platform${path}`, { method, headers })).json() as Promise<Json>;
    const LOCATION: Shape = { id: "string", area: "string", resourceName: "string", routeTemplate: "string", resourceVersion: "number", minVersion: "string", maxVersion: "string", releasedVersion: "string" };
    for (const area of ["serviceendpoint", "core", "security", "location"]) expectShape(await devops(`/_apis/${area}`, "OPTIONS"), { count: "number", value: [LOCATION] });
    expectShape(await devops("/_apis/ResourceAreas"), { count: "number", value: [{ id: "string", name: "string", locationUrl: "string" }] });
    expectShape(
      await devops("/_apis/connectionData"),
      { authenticatedUser: "object", authorizedUser: "object", instanceId: "string", deploymentId: "string", deploymentType: "string", locationServiceData: "object", "?lastUserAccess": "string", "?webApplicationRelativeDirectory": "string" },
    );
  });
});
