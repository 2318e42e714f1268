import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CONTOSO_REGISTRY_HOSTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { TENANTS } from "../../emulator/seed";
import { addFault, mark, removeFault, requestsSince, seededApp, signIn, useTestEmulator, type TestUser } from "../support/rotor";

useTestEmulator();
const { dialogOrganizations, dialogProjects, dialogProjectCheck, clearDialogLookups } = await import("@/lib/azure/devops/dialog-lookups");
const { LOOKUP_TTL_MS } = await import("@/lib/azure/devops/lookup-cache");

const contoso = TENANTS.contoso.id;
const org = { organizationTenantId: contoso, organization: "contoso-platform" };
const names = new Map<string, string>();
const paymentsApi = seededApp("payments-api").appId;
const containerBuilds = seededApp("container-builds").appId;
/** Every call the emulator answered since `seq` (Entra, Graph and Azure DevOps alike). */
const calls = async (since: number) => (await requestsSince(since)).map((r) => `${r.method} ${r.path}`);
const devopsCalls = async (since: number) => (await calls(since)).filter((c) => / \/(devops|app)\//.test(c));

let owner: TestUser;
let guest: TestUser;
let paymentsProjectId: string;

/** The dialog as a person walks it: organizations → projects → the permission check and the connections. */
async function openDialog(person: TestUser, appId: string, refresh = false) {
  const groups = await dialogOrganizations(person, { includeHomeTenant: false, refresh });
  const projects = await dialogProjects(person, { ...org, refresh });
  paymentsProjectId = projects.find((p) => p.name === "payments")!.id;
  const check = await dialogProjectCheck(person, { ...org, projectId: paymentsProjectId, appId, registryHosts: CONTOSO_REGISTRY_HOSTS, names, refresh });
  return { groups, projects, check };
}

beforeAll(async () => {
  owner = await signIn("contoso-owner");
  guest = await signIn("contoso-guest");
});

afterEach(() => {
  vi.restoreAllMocks();
  clearDialogLookups();
});

describe("the binding dialog asks Azure DevOps once per person and organization", () => {
  it("cold: profile → accounts, one project call, permission → connections; a repeat open makes no call at all", async () => {
    const cold = await mark();
    const first = await openDialog(owner, paymentsApi);
    expect(await devopsCalls(cold)).toEqual([
      "GET /app/_apis/profile/profiles/me",
      "GET /app/_apis/accounts",
      "GET /devops/contoso-platform/_apis/projects",
      expect.stringMatching(/^GET \/devops\/contoso-platform\/_apis\/permissions\/49b48001-ca20-4adc-8111-5b60c903a50c\/2$/),
      `GET /devops/contoso-platform/${paymentsProjectId}/_apis/serviceendpoint/endpoints`,
    ]);
    expect(first.check.canAdminister).toBe(true);

    const repeat = await mark();
    const again = await openDialog(owner, paymentsApi);
    // Not even a token call: nothing reaches the emulator.
    expect(await calls(repeat)).toEqual([]);
    expect(again).toEqual(first);
  });

  it("another application's dialog on the same organization and project makes no call, and judges the connections for that application", async () => {
    const { check: forPayments } = await openDialog(owner, paymentsApi);
    const before = await mark();
    const { check: forContainers } = await openDialog(owner, containerBuilds);
    expect(await calls(before)).toEqual([]);
    if (!forPayments.canAdminister || !forContainers.canAdminister) throw new Error("expected the right to administer");
    const verdict = (list: typeof forPayments.connections, id: string) => list.find((c) => c.id === id)!.supported;
    expect(verdict(forPayments.connections, SERVICE_CONNECTIONS.paymentsApiArm)).toBe(true);
    expect(verdict(forContainers.connections, SERVICE_CONNECTIONS.paymentsApiArm)).toBe(false);
    expect(verdict(forContainers.connections, SERVICE_CONNECTIONS.containerBuildsRegistry)).toBe(true);
    expect(verdict(forPayments.connections, SERVICE_CONNECTIONS.containerBuildsRegistry)).toBe(false);
  });

  it("one person never reads another's answers: a second person asks Azure DevOps with their own token", async () => {
    await openDialog(owner, paymentsApi);
    const before = await mark();
    const guestGroups = await dialogOrganizations(guest, { includeHomeTenant: true });
    expect(await devopsCalls(before)).toContain("GET /app/_apis/profile/profiles/me");
    expect(guestGroups.map((g) => g.tenantId)).toEqual([contoso, TENANTS.fabrikam.id]);
    // The owner's answer (one group, asked without the home tenant) is still theirs alone.
    const ownerAgain = await mark();
    expect((await dialogOrganizations(owner, { includeHomeTenant: false })).map((g) => g.tenantId)).toEqual([contoso]);
    expect(await calls(ownerAgain)).toEqual([]);
  });

  it("refresh asks Azure DevOps again and keeps the new answer", async () => {
    await openDialog(owner, paymentsApi);
    const before = await mark();
    await openDialog(owner, paymentsApi, true);
    expect(await devopsCalls(before)).toHaveLength(5);
    const after = await mark();
    await openDialog(owner, paymentsApi);
    expect(await calls(after)).toEqual([]);
  });

  it("answers older than five minutes are asked again", async () => {
    await openDialog(owner, paymentsApi);
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + LOOKUP_TTL_MS + 1);
    const before = await mark();
    await dialogProjects(owner, org);
    expect(await devopsCalls(before)).toEqual(["GET /devops/contoso-platform/_apis/projects"]);
  });

  it("a failed look-up is not kept: the next open asks again", async () => {
    const fault = await addFault({ host: "devops", path: "/_apis/projects", status: 403, times: 1 });
    try {
      await expect(dialogProjects(owner, org)).rejects.toThrow();
      const before = await mark();
      expect((await dialogProjects(owner, org)).map((p) => p.name)).toEqual(["legacy", "payments"]);
      expect(await devopsCalls(before)).toEqual(["GET /devops/contoso-platform/_apis/projects"]);
    } finally {
      await removeFault(fault);
    }
  });

  it("people who open the dialog at the same moment share one call", async () => {
    await dialogOrganizations(owner, { includeHomeTenant: false }); // the token is redeemed first
    const before = await mark();
    await Promise.all([dialogProjects(owner, org), dialogProjects(owner, org), dialogProjects(owner, org)]);
    expect(await devopsCalls(before)).toEqual(["GET /devops/contoso-platform/_apis/projects"]);
  });
});
