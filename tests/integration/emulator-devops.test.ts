import { ClientSecretCredential } from "@azure/identity";
import { getBearerHandler, getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { ServiceEndpointActionFilter } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROTOR_APP, TENANTS } from "../../emulator/seed";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { emulator } from "../support/emulator";

const DEVOPS_SCOPE = "499b84ac-1321-427f-aa17-267ca6975798/.default";

async function mintPat(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emulator().https}/_emulator/devops/pats`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** A delegated Azure DevOps token for a seeded user, through the emulator's code flow. */
async function userToken(userKey: string): Promise<string> {
  const secret = JSON.parse(readFileSync(join(emulator().dataDir, "secrets.json"), "utf8")).rotorClientSecret as string;
  const verifier = randomBytes(32).toString("base64url");
  const redirectUri = "http://localhost:3999/api/auth/callback/microsoft-entra-id";
  const form = new URLSearchParams({
    client_id: ROTOR_APP.clientId, response_type: "code", redirect_uri: redirectUri, scope: `openid profile offline_access ${DEVOPS_SCOPE}`,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256", user: userKey,
  });
  const authorized = await fetch(`${emulator().http}/common/oauth2/v2.0/authorize`, { method: "POST", body: form, redirect: "manual" });
  const code = new URL(authorized.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${emulator().https}/common/oauth2/v2.0/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${ROTOR_APP.clientId}:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function rotorToken(): Promise<string> {
  const secret = JSON.parse(readFileSync(join(emulator().dataDir, "secrets.json"), "utf8")).rotorClientSecret as string;
  const credential = new ClientSecretCredential(TENANTS.contoso.id, ROTOR_APP.clientId, secret, { authorityHost: emulator().https, disableInstanceDiscovery: true });
  return (await credential.getToken(DEVOPS_SCOPE)).token;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((done) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => done(Buffer.concat(chunks)));
  });

/** Stands in front of dev.azure.com and records every request the client puts on the wire. */
async function countingForwarder(target: string) {
  const seen: { method: string; path: string; accept: string }[] = [];
  const server = createServer(async (req, res) => {
    seen.push({ method: req.method!, path: req.url!, accept: String(req.headers.accept) });
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<string, string>;
    const body = await readBody(req);
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: body.length ? new Uint8Array(body) : undefined });
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((done) => server.close(() => done())) };
}

describe("emulated Azure DevOps, through azure-devops-node-api", () => {
  let forwarder: Awaited<ReturnType<typeof countingForwarder>>;
  let ownerPat: string;
  beforeAll(async () => {
    forwarder = await countingForwarder(`${emulator().https}/devops`);
    ownerPat = await mintPat({ userKey: "contoso-owner" });
  });
  afterAll(() => forwarder.close());

  it("makes exactly the location look-ups stack-notes describes, then lists endpoints and projects", async () => {
    const api = new WebApi(`${forwarder.url}/contoso-platform`, getPersonalAccessTokenHandler(ownerPat));
    const endpoints = await (await api.getServiceEndpointApi()).getServiceEndpoints("payments", undefined, undefined, undefined, undefined, undefined, undefined, ServiceEndpointActionFilter.Manage);
    const projects = await (await api.getCoreApi()).getProjects();

    expect(forwarder.seen).toEqual([
      { method: "OPTIONS", path: "/contoso-platform/_apis/Location", accept: "application/json" },
      { method: "GET", path: "/contoso-platform/_apis/ResourceAreas", accept: "application/json;api-version=7.2-preview.1" },
      { method: "OPTIONS", path: "/contoso-platform/_apis/serviceendpoint", accept: "application/json" },
      { method: "GET", path: "/contoso-platform/payments/_apis/serviceendpoint/endpoints?actionFilter=2", accept: "application/json;api-version=7.2-preview.4" },
      { method: "OPTIONS", path: "/contoso-platform/_apis/core", accept: "application/json" },
      { method: "GET", path: "/contoso-platform/_apis/projects", accept: "application/json;api-version=7.2-preview.4" },
    ]);
    expect(endpoints.map((e) => e.name)).toContain("payments-api-arm");
    expect(endpoints).toHaveLength(9);
    expect(projects.map((p) => p.name).sort()).toEqual(["legacy", "payments"]);
  });

  it("connects with a PAT and reports the member id that profile/me reports", async () => {
    const data = await new WebApi(`${emulator().https}/devops/contoso-platform`, getPersonalAccessTokenHandler(ownerPat)).connect();
    const profile = await fetch(`${emulator().https}/app/_apis/profile/profiles/me`, {
      headers: { authorization: `Basic ${Buffer.from(`:${ownerPat}`).toString("base64")}`, "x-tfs-fedauthredirect": "Suppress" },
    }).then((r) => r.json() as Promise<{ id: string }>);
    expect(data.authenticatedUser?.id).toBe(profile.id);
    expect(data.authenticatedUser?.subjectDescriptor).toMatch(/^aad\./);
  });

  it("filters endpoints by what the caller may administer, type, scheme and readiness; secrets come back null", async () => {
    const api = await new WebApi(`${emulator().https}/devops/contoso-platform`, getPersonalAccessTokenHandler(ownerPat)).getServiceEndpointApi();
    const manage = ServiceEndpointActionFilter.Manage;
    expect(await api.getServiceEndpoints("legacy", undefined, undefined, undefined, undefined, undefined, undefined, manage)).toEqual([]);
    expect((await api.getServiceEndpoints("legacy")).map((e) => e.name).sort()).toEqual(["ledger-sync-reports", "reporting-arm"]);
    const registries = await api.getServiceEndpoints("payments", "dockerregistry");
    expect(registries.map((e) => e.data?.registrytype).sort()).toEqual(["ACR", "DockerHub", "Others"]);
    expect((await api.getServiceEndpoints("payments", "azurerm", ["WorkloadIdentityFederation"])).map((e) => e.id)).toEqual([SERVICE_CONNECTIONS.paymentsFederated]);
    const withFailed = await api.getServiceEndpoints("payments", undefined, undefined, undefined, undefined, true);
    expect(withFailed).toHaveLength(10);
    const arm = withFailed.find((e) => e.id === SERVICE_CONNECTIONS.paymentsApiArm)!;
    expect(arm.authorization?.parameters).toMatchObject({ authenticationType: "spnKey", serviceprincipalkey: null });
    expect(arm.data?.creationMode).toBe("Manual");
  });

  it("lets the guest administer legacy with a delegated token, where the owner may not", async () => {
    const guest = await new WebApi(`${emulator().https}/devops/contoso-platform`, getBearerHandler(await userToken("contoso-guest"))).getServiceEndpointApi();
    const endpoints = await guest.getServiceEndpoints("legacy", undefined, undefined, undefined, undefined, undefined, undefined, ServiceEndpointActionFilter.Manage);
    expect(endpoints.map((e) => e.id).sort()).toEqual([SERVICE_CONNECTIONS.reportingArm, SERVICE_CONNECTIONS.ledgerSyncReports]);
  });

  it("reads and PUTs a connection with Rotor's service principal; a null secret keeps the stored one", async () => {
    const api = await new WebApi(`${emulator().https}/devops/contoso-platform`, getBearerHandler(await rotorToken())).getServiceEndpointApi();
    const details = await api.getServiceEndpointDetails("payments", SERVICE_CONNECTIONS.containerBuildsRegistry);
    expect(details.authorization?.parameters?.password).toBeNull();
    const updated = await api.updateServiceEndpoint(details, details.id!);
    expect(updated.authorization?.parameters).toMatchObject({ username: details.authorization?.parameters?.username, password: null });
    expect(updated.serviceEndpointProjectReferences?.[0]?.projectReference?.name).toBe("payments");
  });

  it("refuses a PUT from a user without Administer with 403 and Azure's message", async () => {
    const ninaPat = await mintPat({ userKey: "contoso-noconsent" });
    const api = await new WebApi(`${emulator().https}/devops/contoso-platform`, getPersonalAccessTokenHandler(ninaPat)).getServiceEndpointApi();
    const endpoint = await api.getServiceEndpointDetails("payments", SERVICE_CONNECTIONS.paymentsApiArm);
    const refused = await api.updateServiceEndpoint(endpoint, endpoint.id!).catch((error: Error & { statusCode?: number }) => error);
    expect(refused).toMatchObject({ statusCode: 403 });
    expect((refused as Error).message).toMatch(/^Access Denied: Nina Novak needs the following permission\(s\) .* Administer$/);
  });

  it("lists each organization's projects for a delegated token: ledger and shared-infra in contoso-data", async () => {
    const token = await userToken("contoso-owner");
    const names = async (org: string) => (await (await new WebApi(`${emulator().https}/devops/${org}`, getBearerHandler(token)).getCoreApi()).getProjects()).map((p) => p.name);
    expect((await names("contoso-data")).sort()).toEqual(["ledger", "shared-infra"]);
    const project = await (await new WebApi(`${emulator().https}/devops/contoso-data`, getBearerHandler(token)).getCoreApi()).getProject("shared-infra");
    expect(project.id).toBe("d0000000-0000-4000-8000-0000000000a3");
  });
});
