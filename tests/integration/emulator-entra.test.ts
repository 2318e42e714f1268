import { ClientSecretCredential } from "@azure/identity";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { ROTOR_APP, TENANTS } from "../../emulator/seed";
import { emulator } from "../support/emulator";

const clientSecret = () => JSON.parse(readFileSync(join(emulator().dataDir, "secrets.json"), "utf8")).rotorClientSecret as string;
const basic = (secret = clientSecret()) => `Basic ${Buffer.from(`${ROTOR_APP.clientId}:${secret}`).toString("base64")}`;
const redirectUri = "http://localhost:3999/api/auth/callback/microsoft-entra-id";

/** Runs the browser half of the code flow by posting the account picker's form. */
async function authorize(userKey: string, scope = "openid profile email offline_access User.Read") {
  const verifier = randomBytes(32).toString("base64url");
  const params = new URLSearchParams({
    client_id: ROTOR_APP.clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope,
    state: "s1",
    nonce: "n1",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    user: userKey,
  });
  const res = await fetch(`${emulator().http}/common/oauth2/v2.0/authorize`, { method: "POST", body: params, redirect: "manual" });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location")!);
  expect(location.searchParams.get("state")).toBe("s1");
  return { code: location.searchParams.get("code")!, verifier };
}

async function token(form: Record<string, string>, authorization = basic()) {
  const res = await fetch(`${emulator().https}/common/oauth2/v2.0/token`, {
    method: "POST",
    headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe("emulated Entra ID", () => {
  it("serves multi-tenant discovery whose browser endpoints stay on plain http", async () => {
    const res = await fetch(`${emulator().https}/common/v2.0/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, string>;
    if (!doc.authorization_endpoint || !doc.token_endpoint) expect.unreachable("discovery lacks endpoints");
    expect(doc.issuer).toBe(`${emulator().https}/{tenantid}/v2.0`);
    expect(doc.authorization_endpoint.startsWith(emulator().http)).toBe(true);
    expect(doc.token_endpoint.startsWith(emulator().https)).toBe(true);
  });

  it("issues tokens for the code flow with PKCE, with tid, roles and the guest's home tenant", async () => {
    const admin = await authorize("contoso-admin");
    const ok = await token({ grant_type: "authorization_code", code: admin.code, code_verifier: admin.verifier, redirect_uri: redirectUri });
    expect(ok.status).toBe(200);
    const claims = decodeJwt(ok.body.id_token!);
    expect(claims).toMatchObject({ tid: TENANTS.contoso.id, roles: ["Rotor.Admin"], nonce: "n1", aud: ROTOR_APP.clientId });
    expect(ok.body.refresh_token).toMatch(/^rt\./);

    const guest = await authorize("contoso-guest");
    const guestTokens = await token({ grant_type: "authorization_code", code: guest.code, code_verifier: guest.verifier, redirect_uri: redirectUri });
    expect(decodeJwt(guestTokens.body.id_token!)).toMatchObject({ tid: TENANTS.contoso.id, idp: `https://sts.windows.net/${TENANTS.fabrikam.id}/` });
  });

  it("refuses a wrong PKCE verifier, a reused code and a wrong client secret", async () => {
    const { code, verifier } = await authorize("contoso-owner");
    const wrongVerifier = await token({ grant_type: "authorization_code", code, code_verifier: `${verifier}x`, redirect_uri: redirectUri });
    expect(wrongVerifier.status).toBe(400);
    const reused = await token({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri });
    expect(reused.body.error).toBe("invalid_grant");
    const badClient = await token({ grant_type: "client_credentials", scope: "https://graph.microsoft.com/.default" }, basic("nope"));
    expect(badClient.status).toBe(401);
    expect(badClient.body.error_codes).toEqual([7000215]);
  });

  it("refreshes for Azure DevOps, unless the user has not consented", async () => {
    const owner = await authorize("contoso-owner");
    const ownerTokens = await token({ grant_type: "authorization_code", code: owner.code, code_verifier: owner.verifier, redirect_uri: redirectUri });
    const devops = await token({ grant_type: "refresh_token", refresh_token: ownerTokens.body.refresh_token!, scope: "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access" });
    expect(devops.status).toBe(200);
    expect(decodeJwt(devops.body.access_token!).aud).toBe("499b84ac-1321-427f-aa17-267ca6975798");

    const nina = await authorize("contoso-noconsent");
    const ninaTokens = await token({ grant_type: "authorization_code", code: nina.code, code_verifier: nina.verifier, redirect_uri: redirectUri });
    const refused = await token({ grant_type: "refresh_token", refresh_token: ninaTokens.body.refresh_token!, scope: "499b84ac-1321-427f-aa17-267ca6975798/.default" });
    expect(refused.status).toBe(400);
    expect(refused.body.error_codes).toEqual([65001]);
  });

  it("answers @azure/identity's client-credentials flow over https, unchanged", async () => {
    const credential = new ClientSecretCredential(TENANTS.contoso.id, ROTOR_APP.clientId, clientSecret(), {
      authorityHost: emulator().https,
      disableInstanceDiscovery: true,
    });
    const result = await credential.getToken("499b84ac-1321-427f-aa17-267ca6975798/.default");
    const claims = decodeJwt(result.token);
    expect(claims).toMatchObject({ tid: TENANTS.contoso.id, idtyp: "app", aud: "499b84ac-1321-427f-aa17-267ca6975798" });
    expect(result.expiresOnTimestamp).toBeGreaterThan(Date.now());
  });
});
