import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_REGISTRY_HOSTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { TENANTS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { addFault, mark, mintPat, removeFault, requestsSince, seededApp, signIn, useTestEmulator, type TestUser } from "../support/rotor";

useTestEmulator();
const { listOrganizations } = await import("@/lib/azure/devops/organizations");
const { listProjects } = await import("@/lib/azure/devops/projects");
const { canAdministerServiceConnections } = await import("@/lib/azure/devops/permissions");
const { listServiceConnections, getServiceConnection, updateServiceConnectionSecret } = await import("@/lib/azure/devops/service-connections");
const { userCredential, servicePrincipalCredential, patCredential } = await import("@/lib/azure/devops/credential");
const { patContext } = await import("@/lib/crypto/contexts");
const { ConsentRequiredError } = await import("@/lib/azure/errors");
const { addPassword } = await import("@/lib/azure/graph");
const { seal } = await import("@/lib/crypto/secret-box");
const { env } = await import("@/lib/env");

const contoso = TENANTS.contoso.id;
const devopsCalls = async (since: number) => (await requestsSince(since)).filter((r) => r.path.startsWith("/devops/") || r.path.startsWith("/app/"));
const loginCalls = async (since: number) => (await requestsSince(since)).filter((r) => r.path.endsWith("/oauth2/v2.0/token"));

let owner: TestUser;
let guest: TestUser;
let nina: TestUser;
beforeAll(async () => {
  owner = await signIn("contoso-owner");
  guest = await signIn("contoso-guest");
  nina = await signIn("contoso-noconsent");
});

describe("Azure DevOps client: delegated look-ups for the dialog", () => {
  const faults: string[] = [];
  afterEach(async () => {
    await Promise.all(faults.splice(0).map(removeFault));
  });

  it("lists the user's organizations (profile → accounts) with one token refresh, then from cache", async () => {
    const before = await mark();
    const groups = await listOrganizations({ ...owner }, { includeHomeTenant: false });
    expect(groups).toEqual([{ tenantId: contoso, home: false, organizations: [expect.objectContaining({ name: "contoso-data" }), expect.objectContaining({ name: "contoso-platform" })] }]);
    expect(await loginCalls(before)).toHaveLength(1);
    expect((await devopsCalls(before)).map((r) => `${r.method} ${r.path}`)).toEqual(["GET /app/_apis/profile/profiles/me", "GET /app/_apis/accounts"]);
    const again = await mark();
    await listOrganizations({ ...owner }, { includeHomeTenant: false });
    expect(await loginCalls(again)).toHaveLength(0);
    expect(await devopsCalls(again)).toHaveLength(2);
  });

  it("adds the guest's home-tenant organizations only when asked", async () => {
    const without = await listOrganizations({ ...guest }, { includeHomeTenant: false });
    expect(without.map((g) => g.tenantId)).toEqual([contoso]);
    const withHome = await listOrganizations({ ...guest }, { includeHomeTenant: true });
    expect(withHome).toHaveLength(2);
    expect(withHome[1]).toMatchObject({ tenantId: TENANTS.fabrikam.id, home: true, organizations: [expect.objectContaining({ name: "fabrikam-labs" })] });
  });

  it("turns a missing consent into a typed error with the consent link", async () => {
    const error = await listOrganizations({ ...nina }, { includeHomeTenant: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsentRequiredError);
    expect((error as InstanceType<typeof ConsentRequiredError>).consentUrl).toMatch(/^\/api\/devops\/consent\?returnTo=/);
  });

  it("lists projects in one call at a pinned api-version: no location look-ups, cold or warm", async () => {
    const credential = userCredential(owner);
    for (let round = 0; round < 2; round++) {
      const before = await mark();
      const projects = await listProjects(credential, "contoso-platform");
      expect(projects.map((p) => p.name)).toEqual(["legacy", "payments"]);
      const calls = await devopsCalls(before);
      expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /devops/contoso-platform/_apis/projects"]);
      expect(calls[0]!.accept).toBe("application/json;api-version=7.1");
    }
  });

  it("lists a project's service connections in one call, without location look-ups", async () => {
    const before = await mark();
    await listServiceConnections(userCredential(owner), { organization: "contoso-platform", project: "payments", appId: seededApp("payments-api").appId });
    expect((await devopsCalls(before)).map((r) => `${r.method} ${r.path}`)).toEqual(["GET /devops/contoso-platform/payments/_apis/serviceendpoint/endpoints"]);
  });

  it("checks the right to administer service connections in one call (Endpoint Admin, none, PCA only)", async () => {
    const credential = userCredential(owner);
    const platform = await listProjects(credential, "contoso-platform");
    const data = await listProjects(credential, "contoso-data");
    const id = (list: { id: string; name: string }[], name: string) => list.find((p) => p.name === name)!.id;
    const before = await mark();
    expect(await canAdministerServiceConnections(credential, "contoso-platform", id(platform, "payments"))).toBe(true);
    expect(await devopsCalls(before)).toHaveLength(1);
    expect(await canAdministerServiceConnections(credential, "contoso-platform", id(platform, "legacy"))).toBe(false);
    expect(await canAdministerServiceConnections(credential, "contoso-data", id(data, "shared-infra"))).toBe(true);
  });

  it("lists every connection with a verdict and a reason", async () => {
    const connections = await listServiceConnections(userCredential(owner), { organization: "contoso-platform", project: "payments", appId: seededApp("payments-api").appId });
    const byId = Object.fromEntries(connections.map((c) => [c.id, c]));
    expect(byId[SERVICE_CONNECTIONS.paymentsApiArm]).toMatchObject({ supported: true, type: "azurerm" });
    expect(byId[SERVICE_CONNECTIONS.paymentsFederated]).toMatchObject({ supported: false, reason: expect.stringMatching(/workload identity federation/) });
    expect(byId[SERVICE_CONNECTIONS.paymentsAutomatic]).toMatchObject({ supported: false, reason: expect.stringMatching(/Not a manual secret/) });
    expect(byId[SERVICE_CONNECTIONS.hrPortalArm]).toMatchObject({ supported: false, reason: expect.stringMatching(/Bound to another application/) });
    expect(byId[SERVICE_CONNECTIONS.contosoAcr]).toMatchObject({ supported: false, reason: expect.stringMatching(/Azure Container Registry/) });
    expect(byId[SERVICE_CONNECTIONS.containerBuildsRegistry]).toMatchObject({ supported: false, reason: expect.stringMatching(/another application/) });
    const docker = await listServiceConnections(userCredential(owner), { organization: "contoso-platform", project: "payments", appId: seededApp("container-builds").appId, registryHosts: CONTOSO_REGISTRY_HOSTS });
    expect(docker.find((c) => c.id === SERVICE_CONNECTIONS.containerBuildsRegistry)).toMatchObject({ supported: true, type: "dockerregistry" });
    // Without the registry on the tenant's allow-list, the same connection is refused, saying why.
    const unlisted = await listServiceConnections(userCredential(owner), { organization: "contoso-platform", project: "payments", appId: seededApp("container-builds").appId });
    expect(unlisted.find((c) => c.id === SERVICE_CONNECTIONS.containerBuildsRegistry)).toMatchObject({ supported: false, reason: expect.stringMatching(/registry\.contoso\.example is not on this tenant's allow-list/) });
    expect(connections.filter((c) => c.type === "generic")[0]).toMatchObject({ supported: false, reason: expect.stringMatching(/type generic is not supported/) });
  });

  it("retries a 429 from Azure DevOps and answers null for a connection that is gone", async () => {
    faults.push(await addFault({ host: "devops", path: "/_apis/projects", status: 429, retryAfterSeconds: 0, times: 1 }));
    const before = await mark();
    await listProjects(userCredential(owner), "contoso-platform");
    expect((await devopsCalls(before)).map((r) => r.status)).toEqual([429, 200]);
    expect(await getServiceConnection(userCredential(owner), { organization: "contoso-platform", project: "payments", endpointId: "e0000000-0000-4000-8000-0000000000ff", appId: seededApp("payments-api").appId })).toBeNull();
  });
});

describe("Azure DevOps client: writes with the tenant credential", () => {
  const status = async (id: string) => (await (await fetch(`${emulator().http}/_emulator/service-connections/${id}/credential-status`)).json()) as { valid: boolean; keyId: string | null };

  it("writes a new secret into an azurerm connection as the service principal (GET + PUT)", async () => {
    const { appId, objectId } = seededApp("payments-api");
    const secret = await addPassword(contoso, objectId, { displayName: "Rotor test", endDateTime: new Date(Date.now() + 86_400_000) });
    const credential = servicePrincipalCredential(contoso);
    await updateServiceConnectionSecret(credential, { organization: "contoso-platform", project: "payments", endpointId: SERVICE_CONNECTIONS.paymentsApiArm, appId, secret: secret.secretText });
    expect(await status(SERVICE_CONNECTIONS.paymentsApiArm)).toMatchObject({ valid: true, keyId: secret.keyId });
    const before = await mark();
    await updateServiceConnectionSecret(credential, { organization: "contoso-platform", project: "payments", endpointId: SERVICE_CONNECTIONS.paymentsApiArm, appId, secret: secret.secretText });
    expect((await devopsCalls(before)).map((r) => r.method)).toEqual(["GET", "PUT"]);
  });

  it("refuses to write a connection bound to another application, before any PUT", async () => {
    const before = await mark();
    await expect(
      updateServiceConnectionSecret(servicePrincipalCredential(contoso), { organization: "contoso-platform", project: "payments", endpointId: SERVICE_CONNECTIONS.hrPortalArm, appId: seededApp("payments-api").appId, secret: "x" }),
    ).rejects.toMatchObject({ status: 409 });
    expect((await devopsCalls(before)).some((r) => r.method === "PUT")).toBe(false);
  });

  it("uses a sealed PAT; an expired PAT is a 401 that says so; a user without the right gets 403", async () => {
    const pat = await mintPat("contoso-admin");
    const credential = patCredential(contoso, seal(env().keyring, pat, patContext(contoso)));
    expect((await listProjects(credential, "contoso-platform")).length).toBeGreaterThan(0);
    const expired = await mintPat("contoso-admin", { expiresAt: new Date(Date.now() - 60_000).toISOString() });
    await expect(listProjects(patCredential(contoso, seal(env().keyring, expired, patContext(contoso))), "contoso-platform")).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/expired/) });
    await expect(
      updateServiceConnectionSecret(userCredential(owner), { organization: "contoso-platform", project: "legacy", endpointId: SERVICE_CONNECTIONS.reportingArm, appId: seededApp("reporting-service").appId, secret: "x" }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
