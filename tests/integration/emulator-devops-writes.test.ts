import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { servicePrincipalOid } from "../../emulator/entra/tokens";
import { identityKey } from "../../emulator/devops/identities";
import { APPS, TENANTS } from "../../emulator/seed";
import { DEVOPS_PROJECTS } from "../../emulator/seed-devops";
import { EmulatorState } from "../../emulator/state";
import { devopsHarness } from "../support/devops-harness";
import { emulator } from "../support/emulator";

const project = (name: string) => DEVOPS_PROJECTS.find((p) => p.name === name)!;
const ledgerSync = APPS.find((a) => a.key === "ledger-sync")!.appId;

/** An azurerm connection with a manual secret, as the recorded CreateAzureRMEndpoint example sends it. */
const armBody = (name: string, projects: string[], secret = "created-secret") => ({
  data: { subscriptionId: "5c000000-0000-4000-8000-0000000000a1", subscriptionName: "Contoso Production", environment: "AzureCloud", scopeLevel: "Subscription", creationMode: "Manual" },
  name,
  type: "AzureRM",
  url: "https://management.azure.com/",
  authorization: { scheme: "ServicePrincipal", parameters: { tenantid: TENANTS.contoso.id, serviceprincipalid: ledgerSync, authenticationType: "spnKey", serviceprincipalkey: secret } },
  isShared: false,
  isReady: true,
  serviceEndpointProjectReferences: projects.map((p) => ({ projectReference: { id: project(p).id, name: p }, name })),
});

describe("emulated Azure DevOps: creating, sharing and deleting service connections", () => {
  let state: EmulatorState;
  let h: ReturnType<typeof devopsHarness>;
  let adele: string;
  beforeAll(async () => {
    state = await EmulatorState.create({ rotorClientSecret: "not-used-here" });
  });
  beforeEach(async () => {
    h = devopsHarness(state);
    adele = await h.mint("contoso-admin");
  });
  const post = (pat: string, body: unknown, org = "contoso-platform") => h.app.request(`/devops/${org}/_apis/serviceendpoint/endpoints`, { method: "POST", headers: h.headers(pat), body: JSON.stringify(body) });
  const remove = (pat: string, id: string, projectIds?: string[]) =>
    h.app.request(`/devops/contoso-platform/_apis/serviceendpoint/endpoints/${id}${projectIds ? `?projectIds=${projectIds.join(",")}` : ""}`, { method: "DELETE", headers: h.headers(pat) });
  const namesIn = async (pat: string, name: string) =>
    ((await (await h.app.request(`/devops/contoso-platform/${name}/_apis/serviceendpoint/endpoints`, { headers: h.headers(pat) })).json()) as { value: { name: string }[] }).value.map((e) => e.name);

  it("creates one connection shared into two projects: a new id, the secret kept but answered as null", async () => {
    const res = await post(adele, { ...armBody("shared-arm", ["payments", "legacy"]), id: "00000000-0000-4000-8000-000000000000" });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("created-secret");
    const created = JSON.parse(text);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.id).not.toBe("00000000-0000-4000-8000-000000000000");
    expect(created).toMatchObject({ name: "shared-arm", isShared: true, isReady: true, owner: "Library", createdBy: { displayName: "Adele Vance" } });
    expect(created.authorization.parameters).toMatchObject({ serviceprincipalid: ledgerSync, serviceprincipalkey: null });
    expect(created.serviceEndpointProjectReferences.map((r: { projectReference: { name: string } }) => r.projectReference.name)).toEqual(["payments", "legacy"]);
    expect(await namesIn(adele, "payments")).toContain("shared-arm");
    expect(await namesIn(adele, "legacy")).toContain("shared-arm");
    expect(h.devops.endpointCredential(created.id)).toEqual({ organization: "contoso-platform", appId: ledgerSync, secret: "created-secret" });
  });

  it("refuses a bad body, an unknown project, a duplicate name and a project the caller cannot see, creating nothing", async () => {
    const before = await namesIn(adele, "payments");
    expect((await post(adele, null)).status).toBe(400);
    expect((await post(adele, { ...armBody("no-projects", []) })).status).toBe(400);
    expect((await post(adele, { ...armBody("x", ["payments"]), name: " " })).status).toBe(400);
    const unknown = await post(adele, { ...armBody("x", ["payments"]), serviceEndpointProjectReferences: [{ projectReference: { id: "d0000000-0000-4000-8000-00000000ffff" }, name: "x" }] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/^TF200016/);
    const duplicate = await post(adele, armBody("payments-api-arm", ["payments"]));
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ typeKey: "DuplicateServiceConnectionException" });
    // Nina is a Contributor of payments only: legacy is invisible to her.
    expect((await post(await h.mint("contoso-noconsent"), armBody("ninas", ["legacy"]))).status).toBe(404);
    expect(await namesIn(adele, "payments")).toEqual(before);
  });

  it("deletes from the named projects only; out of its last project the connection is gone", async () => {
    const { id } = (await (await post(adele, armBody("to-delete", ["payments", "legacy"]))).json()) as { id: string };
    expect((await remove(adele, id)).status).toBe(400);
    // Nina has no Administer right in payments.
    expect((await remove(await h.mint("contoso-noconsent"), id, [project("payments").id])).status).toBe(403);
    expect((await remove(adele, id, [project("shared-infra").id])).status).toBe(404);

    const first = await remove(adele, id, [project("payments").id]);
    expect(first.status).toBe(204);
    expect(await first.text()).toBe("");
    expect(await namesIn(adele, "payments")).not.toContain("to-delete");
    expect(await namesIn(adele, "legacy")).toContain("to-delete");
    expect(h.devops.endpointCredential(id)).toMatchObject({ secret: "created-secret" });

    expect((await remove(adele, id, [project("legacy").id])).status).toBe(204);
    expect(h.devops.endpointCredential(id)).toBeUndefined();
    expect((await remove(adele, id, [project("legacy").id])).status).toBe(404);
  });
});

describe("emulated Azure DevOps: project pages and the bulk organization", () => {
  let h: ReturnType<typeof devopsHarness>;
  let pat: string;
  let organization: { name: string; projects: { id: string; name: string }[] };
  beforeAll(async () => {
    h = devopsHarness(await EmulatorState.create({ rotorClientSecret: "not-used-here" }));
    const res = await h.app.request("/_emulator/bulk/organizations", { method: "POST", body: JSON.stringify({ tenant: "contoso", projects: 250, name: "bulk-paging", collectionAdministrators: ["contoso-admin"] }) });
    expect(res.status).toBe(200);
    organization = (await res.json()) as typeof organization;
    pat = await h.mint("contoso-admin");
  });
  const page = async (query: string) => {
    const res = await h.app.request(`/devops/bulk-paging/_apis/projects${query}`, { headers: h.headers(pat) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { count: number; value: { name: string }[] };
    return { token: res.headers.get("x-ms-continuationtoken"), names: body.value.map((p) => p.name), count: body.count };
  };

  it("pages 100 at a time and names the next page in x-ms-continuationtoken until the last", async () => {
    const first = await page("");
    expect(first).toMatchObject({ token: "100", count: 100 });
    expect(first.names[0]).toBe("project-001");
    const second = await page("?continuationToken=100");
    expect(second).toMatchObject({ token: "200", count: 100 });
    expect(second.names[0]).toBe("project-101");
    const last = await page("?continuationToken=200");
    expect(last).toMatchObject({ token: null, count: 50 });
    expect(new Set([...first.names, ...second.names, ...last.names]).size).toBe(250);
  });

  it("honours $top and $skip", async () => {
    expect(await page("?$top=1000")).toMatchObject({ token: null, count: 250 });
    const skipped = await page("?$top=10&$skip=245");
    expect(skipped).toMatchObject({ token: null, names: ["project-246", "project-247", "project-248", "project-249", "project-250"] });
    expect(await page("?$top=5")).toMatchObject({ token: "5", count: 5 });
  });

  it("makes Rotor's service principal an Endpoint Administrator of every project, and no seeded person a member unless named", async () => {
    const rotor = h.devops.identities.find((i) => i.key === identityKey("contoso", servicePrincipalOid(TENANTS.contoso.id)))!;
    const projects = h.devops.projectsOf("bulk-paging");
    expect(projects).toHaveLength(250);
    expect(projects.every((p) => h.devops.endpointPermissions(rotor, p) === 31)).toBe(true);
    expect(h.devops.isOrgMember(h.devops.primaryIdentity("contoso-owner")!, "bulk-paging")).toBe(false);
    const again = await h.app.request("/_emulator/bulk/organizations", { method: "POST", body: JSON.stringify({ tenant: "contoso", projects: 1, name: "bulk-paging" }) });
    expect(again.status).toBe(400);
    expect((await h.app.request("/_emulator/bulk/organizations", { method: "POST", body: JSON.stringify({ tenant: "contoso", projects: 0 }) })).status).toBe(400);
  });
});

describe("the node client creates and deletes a connection on the test emulator", () => {
  it("createServiceEndpoint shares it into two projects; deleteServiceEndpoint takes it out of both", async () => {
    const minted = await fetch(`${emulator().https}/_emulator/devops/pats`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userKey: "contoso-admin" }) });
    const { token } = (await minted.json()) as { token: string };
    const api = await new WebApi(`${emulator().https}/devops/contoso-platform`, getPersonalAccessTokenHandler(token)).getServiceEndpointApi();
    const created = await api.createServiceEndpoint(armBody(`node-client-${Date.now()}`, ["payments", "legacy"]));
    expect(created.isShared).toBe(true);
    expect((await api.getServiceEndpoints("legacy")).map((e) => e.id)).toContain(created.id);
    await api.deleteServiceEndpoint(created.id!, [project("payments").id, project("legacy").id]);
    expect((await api.getServiceEndpoints("payments")).map((e) => e.id)).not.toContain(created.id);
    expect((await api.getServiceEndpoints("legacy")).map((e) => e.id)).not.toContain(created.id);
  });
});
