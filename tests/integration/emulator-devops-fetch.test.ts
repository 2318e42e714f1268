import { beforeAll, describe, expect, it } from "vitest";
import { DEVOPS_PROJECTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { emulator } from "../support/emulator";

const NAMESPACE = "49b48001-ca20-4adc-8111-5b60c903a50c";
const projectId = (name: string) => DEVOPS_PROJECTS.find((p) => p.name === name)!.id;

async function mintPat(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emulator().https}/_emulator/devops/pats`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return ((await res.json()) as { token: string }).token;
}

/** GET with a PAT the way Rotor's fetch calls the APIs the node client lacks. */
async function get<T = Record<string, unknown>>(path: string, pat: string): Promise<T> {
  const res = await fetch(`${emulator().https}${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`:${pat}`).toString("base64")}`, "x-tfs-fedauthredirect": "Suppress", accept: "application/json;api-version=7.1" },
  });
  expect(res.status, `${path} → ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

type Listed<T> = { count: number; value: T[] };
type Group = { displayName: string; descriptor: string; principalName: string; domain: string };

describe("emulated Azure DevOps profile, accounts, permissions and graph", () => {
  const pats: Record<string, string> = {};
  beforeAll(async () => {
    for (const user of ["contoso-owner", "contoso-admin", "contoso-guest", "northwind-admin"]) pats[user] = await mintPat({ userKey: user });
  });

  it("gives each user a profile and lists the organizations the member belongs to", async () => {
    const me = await get<{ id: string; publicAlias: string; emailAddress: string; displayName: string }>("/app/_apis/profile/profiles/me", pats["contoso-owner"]!);
    expect(me).toMatchObject({ publicAlias: me.id, emailAddress: "omar@contoso.example", displayName: "Omar Owens" });
    const accounts = await get<Listed<{ accountId: string; accountName: string; accountUri: string }>>(`/app/_apis/accounts?memberId=${me.id}`, pats["contoso-owner"]!);
    expect(accounts.value.map((a) => a.accountName)).toEqual(["contoso-platform", "contoso-data"]);
    expect(accounts.value[0]).toEqual({ accountId: "c0000000-0000-4000-8000-0000000000a1", accountName: "contoso-platform", accountUri: `${emulator().https}/vssps/contoso-platform/`, properties: {} });
    // Another member's organizations are not disclosed.
    const admin = await get<{ id: string }>("/app/_apis/profile/profiles/me", pats["contoso-admin"]!);
    expect(await get<Listed<unknown>>(`/app/_apis/accounts?memberId=${admin.id}`, pats["contoso-owner"]!)).toEqual({ count: 0, value: [] });
    expect((await get<Listed<{ accountName: string }>>(`/app/_apis/accounts?ownerId=${admin.id}`, pats["contoso-admin"]!)).value.map((a) => a.accountName)).toEqual(["contoso-platform", "contoso-data"]);
  });

  it("keeps the guest's two identities apart: guest in contoso-platform, home account in fabrikam-labs", async () => {
    const guest = pats["contoso-guest"]!;
    const me = await get<{ id: string }>("/app/_apis/profile/profiles/me", guest);
    expect((await get<Listed<{ accountName: string }>>(`/app/_apis/accounts?memberId=${me.id}`, guest)).value.map((a) => a.accountName)).toEqual(["contoso-platform"]);
    const inContoso = await get<{ authenticatedUser: { id: string } }>("/devops/contoso-platform/_apis/connectionData", guest);
    const inFabrikam = await get<{ authenticatedUser: { id: string } }>("/devops/fabrikam-labs/_apis/connectionData", guest);
    expect(inContoso.authenticatedUser.id).toBe(me.id);
    expect(inFabrikam.authenticatedUser.id).not.toBe(me.id);
    expect((await get<Listed<{ name: string }>>("/devops/fabrikam-labs/_apis/projects", guest)).value.map((p) => p.name)).toEqual(["research"]);
  });

  it("answers Administer on endpoints/{projectId} for Endpoint, Project and Project Collection Administrators only", async () => {
    const check = async (user: string, org: string, tokens: string[], bits = 2) =>
      (await get<Listed<boolean>>(`/devops/${org}/_apis/permissions/${NAMESPACE}/${bits}?tokens=${tokens.join(",")}`, pats[user]!)).value;
    const [payments, legacy, sharedInfra] = ["payments", "legacy", "shared-infra"].map((n) => `endpoints/${projectId(n)}`);
    expect(await check("contoso-owner", "contoso-platform", [payments!, legacy!, `${payments}/${SERVICE_CONNECTIONS.paymentsApiArm}`])).toEqual([true, false, true]);
    expect(await check("contoso-owner", "contoso-data", [sharedInfra!])).toEqual([true]);
    expect(await check("contoso-guest", "contoso-platform", [payments!, legacy!])).toEqual([false, true]);
    expect(await check("contoso-admin", "contoso-platform", [payments!, legacy!])).toEqual([true, true]);
    expect(await check("northwind-admin", "northwind-ops", [`endpoints/${projectId("orders")}`])).toEqual([true]);
    // Contributors hold Use (1) and View (16) but not Administer.
    expect(await check("contoso-owner", "contoso-platform", [legacy!], 17)).toEqual([true]);
  });

  it("serves the organization's groups and the caller's memberships with Azure's descriptors", async () => {
    const owner = pats["contoso-owner"]!;
    const groups = await get<Listed<Group>>("/vssps/contoso-platform/_apis/graph/groups", owner);
    expect(groups.value.every((g) => /^vssgp\.[A-Za-z0-9_-]+$/.test(g.descriptor))).toBe(true);
    const pca = groups.value.find((g) => g.displayName === "Project Collection Administrators")!;
    expect(pca).toMatchObject({ principalName: "[contoso-platform]\\Project Collection Administrators", domain: "vstfs:///Framework/IdentityDomain/c0000000-0000-4000-8000-0000000000a1" });
    expect(Buffer.from(pca.descriptor.slice(6), "base64url").toString()).toMatch(/^S-1-9-1551374245-(\d+-){4}0-0-0-0-1$/);

    const { authenticatedUser } = await get<{ authenticatedUser: { subjectDescriptor: string } }>("/devops/contoso-platform/_apis/connectionData", owner);
    const up = await get<Listed<{ containerDescriptor: string; memberDescriptor: string }>>(`/vssps/contoso-platform/_apis/graph/Memberships/${authenticatedUser.subjectDescriptor}`, owner);
    const names = up.value.map((m) => groups.value.find((g) => g.descriptor === m.containerDescriptor)!.principalName).sort();
    expect(names).toEqual(["[legacy]\\Contributors", "[payments]\\Endpoint Administrators"]);

    const paymentsAdmins = groups.value.find((g) => g.principalName === "[payments]\\Endpoint Administrators")!;
    const down = await get<Listed<{ memberDescriptor: string }>>(`/vssps/contoso-platform/_apis/graph/memberships/${paymentsAdmins.descriptor}?direction=down`, owner);
    expect(down.value.map((m) => m.memberDescriptor.split(".")[0]).sort()).toEqual(["aad", "aadsp"]);
    const scoped = await get<Listed<Group>>(`/vssps/contoso-platform/_apis/graph/groups?scopeDescriptor=scp.${Buffer.from(projectId("legacy")).toString("base64url")}`, owner);
    expect(scoped.value.map((g) => g.displayName).sort()).toEqual(["Contributors", "Endpoint Administrators", "Project Administrators"]);
  });

  it("records every minted PAT among the issued secrets", async () => {
    const token = await mintPat({ userKey: "contoso-owner", scopes: ["vso.profile"] });
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    const issued = (await (await fetch(`${emulator().https}/_emulator/issued-secrets`)).json()) as { value: { kind: string; value: string }[] };
    expect(issued.value).toContainEqual(expect.objectContaining({ kind: "pat", value: token }));
  });
});
