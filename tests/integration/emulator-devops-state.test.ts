import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DevopsState } from "../../emulator/devops/state";
import { APPS, TENANTS, type SeedTenantKey } from "../../emulator/seed";
import { DEVOPS_PROJECTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { EmulatorState } from "../../emulator/state";
import { devopsHarness as harness, secretOf } from "../support/devops-harness";

const appId = (key: string) => APPS.find((a) => a.key === key)!.appId;

describe("DevopsState", () => {
  let emulator: EmulatorState;
  let h: ReturnType<typeof harness>;
  beforeAll(async () => {
    emulator = await EmulatorState.create({ rotorClientSecret: "not-used-here" });
  });
  beforeEach(() => {
    h = harness(emulator);
  });

  it("starts every connection bound to an Entra app with that app's live secret", () => {
    const C = SERVICE_CONNECTIONS;
    expect(h.devops.endpointCredential(C.paymentsApiArm)).toEqual({ organization: "contoso-platform", appId: appId("payments-api"), secret: secretOf(appId("payments-api")) });
    expect(h.devops.endpointCredential(C.containerBuildsRegistry)).toEqual({ organization: "contoso-platform", appId: appId("container-builds"), secret: secretOf(appId("container-builds")) });
    expect(h.devops.endpointCredential(C.hrPortalArm)?.secret).toBe(secretOf(appId("hr-portal")));
    expect(h.devops.endpointCredential(C.legacyBatchArm)).toMatchObject({ organization: "contoso-data", appId: appId("legacy-batch") });
    expect(h.devops.endpointCredential(C.northwindOrdersArm)).toMatchObject({ organization: "northwind-ops", secret: secretOf(appId("northwind-orders")) });
    expect(h.devops.endpointCredential(C.paymentsFederated)?.secret).toBeNull();
    expect(h.devops.endpointCredential(C.statusWebhook)).toEqual({ organization: "contoso-platform", appId: null, secret: null });
    expect(h.devops.endpointCredential(C.dockerHubMirror)).toMatchObject({ appId: "contosobuild", secret: expect.any(String) });
    expect(h.devops.endpointCredential("00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("stores a secret a PUT sends, answers it as null, and keeps it when the next PUT sends null", async () => {
    const pat = await h.mint("contoso-owner");
    const path = `/devops/contoso-platform/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.paymentsApiArm}`;
    const current = await (await h.app.request(`/devops/contoso-platform/payments/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.paymentsApiArm}`, { headers: h.headers(pat) })).json();
    const put = (body: unknown) => h.app.request(path, { method: "PUT", headers: h.headers(pat), body: JSON.stringify(body) });

    const rotated = await put({ ...current, authorization: { ...current.authorization, parameters: { ...current.authorization.parameters, serviceprincipalkey: "rotated-value" } } });
    expect(rotated.status).toBe(200);
    const answer = await rotated.text();
    expect(answer).not.toContain("rotated-value");
    expect(JSON.parse(answer).authorization.parameters.serviceprincipalkey).toBeNull();
    expect(h.devops.endpointCredential(SERVICE_CONNECTIONS.paymentsApiArm)?.secret).toBe("rotated-value");

    expect((await put({ ...current, description: "renamed" })).status).toBe(200);
    expect(h.devops.endpointCredential(SERVICE_CONNECTIONS.paymentsApiArm)?.secret).toBe("rotated-value");
    expect((await put({ ...current, authorization: { ...current.authorization, scheme: "WorkloadIdentityFederation" } })).status).toBe(200);
    expect(h.devops.endpointCredential(SERVICE_CONNECTIONS.paymentsApiArm)?.secret).toBeNull();
  });

  it("leaves secrets null when the Graph part knows none", () => {
    // Handed over unbound, as the inspection route receives it.
    const { endpointCredential } = DevopsState.create({ secretFor: () => undefined });
    expect(endpointCredential(SERVICE_CONNECTIONS.paymentsApiArm)).toEqual({ organization: "contoso-platform", appId: appId("payments-api"), secret: null });
  });

  it("gives contoso-owner admin through collection administrators in exactly one project", () => {
    const owner = h.devops.primaryIdentity("contoso-owner")!;
    const admin = (p: (typeof h.devops.projects)[number]) => (h.devops.endpointPermissions(owner, p) & 2) !== 0;
    const onlyThroughCollection = h.devops.projects.filter((p) => admin(p) && !h.devops.groups.some((g) => g.projectId === p.id && g.members.has(owner.key) && g.name !== "Contributors"));
    expect(onlyThroughCollection.map((p) => p.name)).toEqual(["shared-infra"]);
    expect(h.devops.projects.filter((p) => h.devops.canSeeProject(owner, p) && !admin(p)).map((p) => p.name)).toEqual(["legacy"]);
  });

  it("makes Rotor's service principal an Endpoint Administrator in every project of its tenant", () => {
    for (const tenant of Object.keys(TENANTS) as SeedTenantKey[]) {
      const rotor = h.devops.identities.find((i) => i.kind === "servicePrincipal" && i.tenant === tenant)!;
      const projects = DEVOPS_PROJECTS.filter((p) => h.devops.organization(p.organization)!.tenant === tenant);
      expect(projects.length).toBeGreaterThan(0);
      for (const project of projects) expect(h.devops.endpointPermissions(rotor, h.devops.project(project.organization, project.id)!)).toBe(31);
    }
    expect(new Set(h.devops.groups.map((g) => g.descriptor)).size).toBe(h.devops.groups.length);
  });

  it("mints 52-character PATs, remembers them as issued, and refuses users outside an organization", async () => {
    const token = await h.mint("northwind-admin");
    expect(token).toHaveLength(52);
    expect(h.emulator.issued).toContainEqual(expect.objectContaining({ kind: "pat", value: token }));
    const refused = await h.app.request("/_emulator/devops/pats", { method: "POST", body: JSON.stringify({ userKey: "northwind-admin", organizations: ["contoso-platform"] }) });
    expect(refused.status).toBe(400);
  });
});
