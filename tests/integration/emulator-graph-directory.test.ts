import { ClientSecretCredential } from "@azure/identity";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { RESOURCES, servicePrincipalOid } from "../../emulator/entra/tokens";
import { APPS, ROTOR_APP, TENANTS, USERS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { emulatorCodeFlow } from "../support/sign-in-flow";

/**
 * What Microsoft Graph answers Rotor, with the permissions the README asks for:
 * - `$select` returns exactly the selected properties (concepts/query-parameters.md);
 * - with Application.ReadWrite.OwnedBy alone, owners that are users (or other service principals)
 *   come with limited information: `@odata.type` and `id`, every other property null
 *   (concepts/permissions-overview.md, "Limited information returned for inaccessible member objects");
 * - `/users/{id}` needs User.ReadBasic.All (or more), else 403 Authorization_RequestDenied.
 */
type Json = Record<string, any>;

const app = (key: (typeof APPS)[number]["key"]) => APPS.find((a) => a.key === key)!;
const user = (key: string) => USERS.find((u) => u.key === key)!;
const rotorSecret = () => JSON.parse(readFileSync(join(emulator().dataDir, "secrets.json"), "utf8")).rotorClientSecret as string;

async function appToken(tenantId: string = TENANTS.contoso.id) {
  const credential = new ClientSecretCredential(tenantId, ROTOR_APP.clientId, rotorSecret(), { authorityHost: emulator().https, disableInstanceDiscovery: true });
  return (await credential.getToken(`${RESOURCES.graph}/.default`)).token;
}

async function get(path: string, token: string) {
  const res = await fetch(`${emulator().https}/graph/v1.0/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Json };
}

const settings = (changes: Record<string, unknown>) =>
  fetch(`${emulator().http}/_emulator/settings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(changes) });

const OWNER_SELECT = "$select=id,displayName,userPrincipalName,mail";

describe("emulated Graph answers as documented for Rotor's permissions", () => {
  afterEach(async () => {
    await settings({ userReadBasicAll: false });
  });

  it("Rotor's token carries Application.ReadWrite.OwnedBy alone unless User.ReadBasic.All is granted", async () => {
    expect(decodeJwt(await appToken()).roles).toEqual(["Application.ReadWrite.OwnedBy"]);
    await settings({ userReadBasicAll: true });
    expect(decodeJwt(await appToken()).roles).toEqual(["Application.ReadWrite.OwnedBy", "User.ReadBasic.All"]);
  });

  it("owners without $select: type and id, every default property null", async () => {
    const res = await get(`applications/${app("payments-api").objectId}/owners`, await appToken());
    expect(res.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#directoryObjects");
    const [owner, rotor] = res.body.value as Json[];
    expect(owner).toMatchObject({ "@odata.type": "#microsoft.graph.user", id: user("contoso-owner").oid });
    expect(Object.entries(owner!).filter(([k, v]) => k !== "@odata.type" && k !== "id" && v !== null)).toEqual([]);
    expect(Object.keys(owner!)).toEqual(expect.arrayContaining(["displayName", "mail", "userPrincipalName", "businessPhones"]));
    expect(owner).not.toHaveProperty("userType");
    expect(rotor).toMatchObject({ "@odata.type": "#microsoft.graph.servicePrincipal", id: servicePrincipalOid(TENANTS.contoso.id), appId: null, displayName: null });
  });

  it("owners with User.ReadBasic.All: exactly the selected properties, filled in", async () => {
    await settings({ userReadBasicAll: true });
    const res = await get(`applications/${app("reporting-service").objectId}/owners?${OWNER_SELECT}`, await appToken());
    expect(res.body.value).toEqual([
      { "@odata.type": "#microsoft.graph.user", id: user("contoso-guest").oid, displayName: "Gus Guerrero", userPrincipalName: "gus_fabrikam.example#EXT#@contoso.example", mail: "gus@fabrikam.example" },
      { "@odata.type": "#microsoft.graph.user", id: user("contoso-owner").oid, displayName: "Omar Owens", userPrincipalName: "omar@contoso.example", mail: "omar@contoso.example" },
      // Application.ReadWrite.OwnedBy does not read service principals, so Rotor's own stays limited.
      { "@odata.type": "#microsoft.graph.servicePrincipal", id: servicePrincipalOid(TENANTS.contoso.id), displayName: null },
    ]);
    const narrow = await get(`applications/${app("reporting-service").objectId}/owners?$select=displayName`, await appToken());
    expect(narrow.body.value[0]).toEqual({ "@odata.type": "#microsoft.graph.user", displayName: "Gus Guerrero" });
  });

  it("/users/{id} is refused with 403 Authorization_RequestDenied without User.ReadBasic.All", async () => {
    const res = await get(`users/${user("contoso-owner").oid}?$select=displayName,mail,userPrincipalName`, await appToken());
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
  });

  it("/users/{id} with User.ReadBasic.All: exactly the selected properties; unknown and other tenants' users are 404", async () => {
    await settings({ userReadBasicAll: true });
    const token = await appToken();
    const res = await get(`users/${user("contoso-owner").oid}?$select=displayName,mail,userPrincipalName`, token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(displayName,mail,userPrincipalName)/$entity",
      displayName: "Omar Owens",
      mail: "omar@contoso.example",
      userPrincipalName: "omar@contoso.example",
    });
    expect((await get(`users/${user("northwind-admin").oid}`, token)).status).toBe(404);
    expect((await get(`users/${user("contoso-owner").oid}?$select=shoeSize`, token)).status).toBe(400);
  });

  it("/organization answers only the selected properties to a signed-in user, and refuses Rotor's app token", async () => {
    const tokens = await emulatorCodeFlow(emulator(), { userKey: "contoso-owner", clientSecret: rotorSecret(), scope: "openid profile User.Read" });
    const res = await get("organization?$select=id,displayName", tokens.access_token);
    expect(res.body).toEqual({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization(id,displayName)", value: [{ id: TENANTS.contoso.id, displayName: "Contoso" }] });
    expect((await get("organization?$select=id,displayName", await appToken())).status).toBe(403);
  });

  it("applications and owned objects answer exactly the selected properties", async () => {
    const token = await appToken();
    const one = await get(`applications(appId='${app("payments-api").appId}')?$select=id,passwordCredentials`, token);
    expect(Object.keys(one.body).sort()).toEqual(["@odata.context", "id", "passwordCredentials"]);
    const owned = await get(`servicePrincipals(appId='${ROTOR_APP.clientId}')/ownedObjects/microsoft.graph.application?$select=id,appId,displayName,passwordCredentials&$top=100`, token);
    for (const item of owned.body.value as Json[]) expect(Object.keys(item).sort()).toEqual(["appId", "displayName", "id", "passwordCredentials"]);
  });
});
