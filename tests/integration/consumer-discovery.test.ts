import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { TENANTS } from "../../emulator/seed";
import { DEVOPS_PROJECTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { emulator } from "../support/emulator";
import { armConnection, createConnection } from "../support/connections";
import { addFault, mark, mintPat, removeFault, requestsSince, seededApp, useTestEmulator } from "../support/rotor";

useTestEmulator();
const { discoverConsumers } = await import("@/lib/azure/devops/discovery");
const { servicePrincipalCredential, patCredential } = await import("@/lib/azure/devops/credential");
const { patContext } = await import("@/lib/crypto/contexts");
const { seal } = await import("@/lib/crypto/secret-box");
const { env } = await import("@/lib/env");

type Scan = Awaited<ReturnType<typeof discoverConsumers>>[number];

const contoso = TENANTS.contoso.id;
const ledger = seededApp("ledger-sync").appId;
const payments = seededApp("payments-api").appId;
const C = SERVICE_CONNECTIONS;
const sp = () => servicePrincipalCredential(contoso);
const summary = (scan: Scan) => scan.consumers.map((c) => ({ name: c.name, projects: c.projects.map((p) => p.name), supported: c.verdict.supported, holdsSecret: c.holdsSecret }));

const create = (organization: string, body: Record<string, unknown> & { name: string }, projects: { id: string; name: string }[]) =>
  createConnection(`${emulator().https}/devops`, { tenantId: contoso, organization, body, projects });
const arm = (name: string, scheme: "ServicePrincipal" | "WorkloadIdentityFederation") => armConnection(name, { tenantId: contoso, appId: ledger, federated: scheme !== "ServicePrincipal" });

describe("discovery: the seeded organizations", () => {
  it("finds Ledger Sync's four connections in three projects of two organizations, and Payments API's own, with verdicts", async () => {
    const scans = await discoverConsumers(sp(), { organizations: ["contoso-platform", "contoso-data"], appIds: [ledger, payments] });
    expect(scans.map((s) => ({ organization: s.organization, complete: s.complete, unreadable: s.unreadable }))).toEqual([
      { organization: "contoso-platform", complete: true, unreadable: [] },
      { organization: "contoso-data", complete: true, unreadable: [] },
    ]);
    const [platform, data] = scans as [Scan, Scan];
    expect(summary(data)).toEqual([
      { name: "ledger-sync-ledger", projects: ["ledger"], supported: true, holdsSecret: true },
      { name: "ledger-sync-shared", projects: ["shared-infra"], supported: true, holdsSecret: true },
    ]);
    expect(platform.consumers.filter((c) => c.appId === ledger).map((c) => [c.name, c.projects[0]!.name])).toEqual([
      ["ledger-sync-reports", "legacy"],
      ["ledger-sync-payments", "payments"],
    ]);
    // Any scheme counts: the federated connection is a consumer that holds no secret; the failed one still holds one.
    expect(platform.consumers.filter((c) => c.appId === payments).map((c) => ({ id: c.endpointId, ready: c.isReady, holdsSecret: c.holdsSecret, supported: c.verdict.supported }))).toEqual(
      expect.arrayContaining([
        { id: C.paymentsApiArm, ready: true, holdsSecret: true, supported: true },
        { id: C.paymentsFederated, ready: true, holdsSecret: false, supported: false },
        { id: C.paymentsApiArmFailed, ready: false, holdsSecret: true, supported: true },
      ]),
    );
    expect(platform.consumers.map((c) => c.endpointId)).not.toContain(C.hrPortalArm);
    expect(platform.projects).toBe(DEVOPS_PROJECTS.filter((p) => p.organization === "contoso-platform").length);
  });

  it("gives the same answer with the tenant's PAT", async () => {
    const sealed = seal(env().keyring, await mintPat("contoso-admin"), patContext(contoso));
    const [withPat] = await discoverConsumers(patCredential(contoso, sealed), { organizations: ["contoso-data"], appIds: [ledger] });
    const [withSp] = await discoverConsumers(sp(), { organizations: ["contoso-data"], appIds: [ledger] });
    expect(summary(withPat!)).toEqual(summary(withSp!));
    expect(withPat!.consumers).toHaveLength(2);
  });

  it("stops, with a clear error, on a continuation token that repeats instead of asking for ever", async () => {
    const page = { count: 1, value: [{ id: "d0000000-0000-4000-8000-0000000000a4", name: "ledger" }] };
    const fault = await addFault({ host: "devops", method: "GET", path: "/devops/contoso-data/_apis/projects", respond: { status: 200, body: page, headers: { "x-ms-continuationtoken": "1" } } });
    try {
      const [scan] = await discoverConsumers(sp(), { organizations: ["contoso-data"], appIds: [ledger] });
      expect(scan).toMatchObject({ complete: false, projects: 2, error: expect.stringMatching(/continuation token repeats/) });
    } finally {
      await removeFault(fault);
    }
  });

  it("reports an organization the credential cannot read, and still scans the others", async () => {
    const scans = await discoverConsumers(sp(), { organizations: ["northwind-ops", "contoso-data"], appIds: [ledger] });
    expect(scans[0]).toMatchObject({ organization: "northwind-ops", complete: false, projects: 0, consumers: [], error: expect.stringMatching(/not authorized/) });
    expect(scans[1]).toMatchObject({ complete: true, consumers: [expect.anything(), expect.anything()] });
  });
});

type BulkOrganization = { name: string; projects: { id: string; name: string }[] };

/** A bulk organization with Ledger Sync in a connection shared into two projects, a federated one and a docker registry. */
async function organizationWithConsumers(size: number, [sharedA, sharedB, federated, registry]: number[]) {
  const res = await fetch(`${emulator().http}/_emulator/bulk/organizations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tenant: "contoso", projects: size }) });
  const org = (await res.json()) as BulkOrganization;
  const p = (n: number) => org.projects[n - 1]!;
  const shared = await create(org.name, arm("ledger-shared", "ServicePrincipal"), [p(sharedA!), p(sharedB!)]);
  await create(org.name, arm("ledger-federated", "WorkloadIdentityFederation"), [p(federated!)]);
  await create(
    org.name,
    { name: "ledger-registry", type: "dockerregistry", url: "https://registry.contoso.example/", data: { registrytype: "Others" }, authorization: { scheme: "UsernamePassword", parameters: { registry: "https://registry.contoso.example/", username: ledger, password: "bulk-not-a-real-secret", email: "" } } },
    [p(registry!)],
  );
  return { org, shared };
}

describe("discovery: an organization of 1,200 projects", () => {
  it("reads all 3 pages (500 projects each) and each project's connections exactly once, and finds the three consumers", async () => {
    const { org, shared } = await organizationWithConsumers(1200, [7, 1150, 500, 900]);
    const since = await mark();
    const [scan] = await discoverConsumers(sp(), { organizations: [org.name], appIds: [ledger], registryHosts: ["registry.contoso.example"] });
    expect(scan).toMatchObject({ projects: 1200, complete: true, error: null, unreadable: [] });
    // By the first project each is in.
    expect(summary(scan!)).toEqual([
      { name: "ledger-shared", projects: ["project-0007", "project-1150"], supported: true, holdsSecret: true },
      { name: "ledger-federated", projects: ["project-0500"], supported: false, holdsSecret: false },
      { name: "ledger-registry", projects: ["project-0900"], supported: true, holdsSecret: true },
    ]);
    expect(scan!.consumers.find((c) => c.endpointId === shared)!.appId).toBe(ledger);
    const calls = (await requestsSince(since)).filter((r) => r.path.startsWith(`/devops/${org.name}/`));
    expect(calls.filter((r) => r.path.endsWith("/_apis/projects"))).toHaveLength(3);
    const listed = calls.filter((r) => r.path.endsWith("/_apis/serviceendpoint/endpoints")).map((r) => r.path.split("/")[3]);
    expect(listed).toHaveLength(1200);
    expect(new Set(listed)).toEqual(new Set(org.projects.map((p) => p.id)));
  }, 90_000);
});

describe("discovery: faults on the way (a 250-project organization, three pages)", () => {
  let org: BulkOrganization;
  const faults: string[] = [];
  beforeAll(async () => {
    ({ org } = await organizationWithConsumers(250, [7, 230, 120, 180]));
  });
  afterEach(async () => {
    await Promise.all(faults.splice(0).map(removeFault));
  });

  it("reports a project that stays unreadable, retries one that was throttled once, and keeps every consumer elsewhere", async () => {
    const broken = org.projects[6]!; // project-007, where ledger-shared lives too
    const throttled = org.projects[179]!;
    faults.push(await addFault({ host: "devops", method: "GET", path: `/${broken.id}/_apis/serviceendpoint/endpoints`, status: 500 }));
    faults.push(await addFault({ host: "devops", method: "GET", path: `/${throttled.id}/_apis/serviceendpoint/endpoints`, status: 429, retryAfterSeconds: 0, times: 1 }));
    const [scan] = await discoverConsumers(sp(), { organizations: [org.name], appIds: [ledger], registryHosts: ["registry.contoso.example"] });
    expect(scan!.unreadable).toEqual([{ organization: org.name, projectId: broken.id, projectName: "project-007", reason: expect.any(String) }]);
    expect(scan).toMatchObject({ projects: 250, complete: true });
    expect(summary(scan!).map((c) => [c.name, c.projects])).toEqual([
      ["ledger-federated", ["project-120"]],
      ["ledger-registry", ["project-180"]],
      ["ledger-shared", ["project-230"]],
    ]);
  }, 60_000);

  it("says the project list stopped part-way, with the consumers of the pages it read", async () => {
    faults.push(await addFault({ host: "devops", method: "GET", path: `/devops/${org.name}/_apis/projects`, status: 403, nth: 2, times: 100 }));
    // Azure's default page (100): the second of three pages fails.
    const [scan] = await discoverConsumers(sp(), { organizations: [org.name], appIds: [ledger], projectPageSize: 100 });
    expect(scan).toMatchObject({ projects: 100, complete: false, error: expect.any(String) });
    expect(scan!.consumers.map((c) => c.name)).toEqual(["ledger-shared"]);
  }, 60_000);
});
