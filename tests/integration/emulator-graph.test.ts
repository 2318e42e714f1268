import { ClientSecretCredential } from "@azure/identity";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RESOURCES, servicePrincipalOid } from "../../emulator/entra/tokens";
import { APPS, ROTOR_APP, TENANTS, USERS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { emulatorCodeFlow } from "../support/sign-in-flow";

type Json = Record<string, any>;

const app = (key: (typeof APPS)[number]["key"]) => APPS.find((a) => a.key === key)!;
const graphUrl = (path: string) => `${emulator().https}/graph/v1.0/${path}`;
const rotorSecret = () => JSON.parse(readFileSync(join(emulator().dataDir, "secrets.json"), "utf8")).rotorClientSecret as string;

/** Rotor's service principal token for Graph, through @azure/identity as Rotor gets it. */
async function appToken(tenantId: string = TENANTS.contoso.id) {
  const credential = new ClientSecretCredential(tenantId, ROTOR_APP.clientId, rotorSecret(), { authorityHost: emulator().https, disableInstanceDiscovery: true });
  return (await credential.getToken(`${RESOURCES.graph}/.default`)).token;
}

/** A signed-in user's Graph token, through the account picker and the code flow. */
async function userToken(userKey: string) {
  const tokens = await emulatorCodeFlow(emulator(), { userKey, clientSecret: rotorSecret(), scope: "openid profile User.Read" });
  return tokens.access_token;
}

async function get(path: string, token: string, headers: Record<string, string> = {}) {
  const res = await fetch(path.startsWith("https://") ? path : graphUrl(path), { headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

describe("emulated Graph: applications", () => {
  it("reads an application by appId with $select, showing only secret hints", async () => {
    const payments = app("payments-api");
    const res = await get(`applications(appId='${payments.appId}')?$select=id,appId,displayName,passwordCredentials`, await appToken());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["@odata.context", "appId", "displayName", "id", "passwordCredentials"]);
    expect(res.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#applications(id,appId,displayName,passwordCredentials)/$entity");
    expect(res.body).toMatchObject({ id: payments.objectId, appId: payments.appId, displayName: payments.displayName });
    const [credential] = res.body.passwordCredentials as Json[];
    expect(credential).toMatchObject({ secretText: null, customKeyIdentifier: null });
    expect(credential!.hint).toHaveLength(3);
    expect(credential!.keyId).toMatch(/^[0-9a-f-]{36}$/);
    const lifetimeDays = (Date.parse(credential!.endDateTime) - Date.parse(credential!.startDateTime)) / 86_400_000;
    expect(Math.round(lifetimeDays)).toBe(payments.secretExpiresInDays);
  });

  it("reads an application by object id, whole, and refuses an unknown $select property", async () => {
    const token = await appToken();
    const whole = await get(`applications/${app("container-builds").objectId}`, token);
    expect(whole.body).toMatchObject({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications/$entity", signInAudience: "AzureADMyOrg" });
    const wrong = await get(`applications/${app("container-builds").objectId}?$select=id,secretSauce`, token);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain("secretSauce");
  });

  it("lists the applications Rotor's service principal owns, page by page", async () => {
    const token = await appToken();
    const sp = servicePrincipalOid(TENANTS.contoso.id);
    const first = await get(`servicePrincipals/${sp}/ownedObjects/microsoft.graph.application?$select=id,appId,displayName&$top=3`, token);
    expect(first.status).toBe(200);
    expect(first.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#applications(id,appId,displayName)");
    expect(first.body.value).toHaveLength(3);
    expect(Object.keys(first.body.value[0]).sort()).toEqual(["appId", "displayName", "id"]);
    expect(first.body["@odata.nextLink"]).toMatch(/\$skiptoken=/);
    const second = await get(first.body["@odata.nextLink"], token);
    expect(second.body["@odata.nextLink"]).toBeUndefined();
    const listed = [...first.body.value, ...second.body.value].map((a: Json) => a.appId);
    expect(listed).toEqual(APPS.filter((a) => a.tenant === "contoso" && a.managed).map((a) => a.appId));

    const uncast = await get(`servicePrincipals(appId='${ROTOR_APP.clientId}')/ownedObjects?$select=id`, token);
    expect(uncast.body.value.every((o: Json) => o["@odata.type"] === "#microsoft.graph.application")).toBe(true);
    expect(uncast.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#directoryObjects(id)");
  });

  it("lists a user's own applications through /me, and refuses /me to an app token", async () => {
    const guest = await get("me/ownedObjects/microsoft.graph.application?$select=appId", await userToken("contoso-guest"));
    expect(guest.body.value).toEqual([{ appId: app("reporting-service").appId }]);
    const admin = await get("me/ownedObjects/microsoft.graph.application?$select=appId", await userToken("contoso-admin"));
    expect(admin.body.value).toEqual([{ appId: app("container-builds").appId }, { appId: app("hr-portal").appId }]);
    const asApp = await get("me/ownedObjects", await appToken());
    expect(asApp.status).toBe(400);
  });

  it("lists owners with limited information, as Graph does for Application.ReadWrite.OwnedBy: type and id, the rest null", async () => {
    const res = await get(`applications/${app("reporting-service").objectId}/owners?$select=id,displayName,userPrincipalName,mail`, await appToken());
    expect(res.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#directoryObjects(id,displayName,userPrincipalName,mail)");
    expect(res.body.value).toEqual([
      { "@odata.type": "#microsoft.graph.user", id: USERS.find((u) => u.key === "contoso-guest")!.oid, displayName: null, userPrincipalName: null, mail: null },
      { "@odata.type": "#microsoft.graph.user", id: USERS.find((u) => u.key === "contoso-owner")!.oid, displayName: null, userPrincipalName: null, mail: null },
      { "@odata.type": "#microsoft.graph.servicePrincipal", id: servicePrincipalOid(TENANTS.contoso.id), displayName: null },
    ]);
  });

  it("answers 403 Authorization_RequestDenied for an application Rotor does not own", async () => {
    const hr = app("hr-portal");
    const token = await appToken();
    const read = await get(`applications(appId='${hr.appId}')`, token, { "client-request-id": "req-403" });
    expect(read.status).toBe(403);
    expect(read.body.error).toMatchObject({ code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
    expect(read.body.error.innerError).toMatchObject({ "client-request-id": "req-403" });
    expect(read.body.error.innerError["request-id"]).toBe(read.headers.get("request-id"));
    const write = await fetch(graphUrl(`applications/${hr.objectId}/addPassword`), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ passwordCredential: { displayName: "nope" } }),
    });
    expect(write.status).toBe(403);
  });

  it("answers 404 Request_ResourceNotFound for unknown and other tenants' applications", async () => {
    const contoso = await appToken();
    const unknown = await get("applications(appId='00000000-0000-4000-8000-000000000000')", contoso);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("Request_ResourceNotFound");
    const northwind = app("northwind-orders");
    expect((await get(`applications/${northwind.objectId}`, contoso)).status).toBe(404);
    expect((await get(`applications/${northwind.objectId}`, await appToken(TENANTS.northwind.id))).status).toBe(200);
  });

  it("lets a user read the applications they own, and nothing else", async () => {
    const omar = await userToken("contoso-owner");
    expect((await get(`applications/${app("payments-api").objectId}`, omar)).status).toBe(200);
    expect((await get(`applications/${app("hr-portal").objectId}`, omar)).status).toBe(403);
    const res = await fetch(graphUrl(`applications/${app("payments-api").objectId}/addPassword`), { method: "POST", headers: { authorization: `Bearer ${omar}` }, body: "{}" });
    expect(res.status).toBe(403);
  });

  it("answers 401 without a Graph token", async () => {
    const res = await fetch(graphUrl(`applications/${app("payments-api").objectId}`));
    expect(res.status).toBe(401);
    expect(((await res.json()) as Json).error.code).toBe("InvalidAuthenticationToken");
  });
});
