import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { TENANTS } from "../../emulator/seed";
import { manage } from "../support/applications";
import { armConnection, createConnection } from "../support/connections";
import { emulator } from "../support/emulator";
import { addFault, removeFault, seededApp, useTestEmulator } from "../support/rotor";

useTestEmulator();
const { getDb } = await import("@/db");
const { setWatchedOrganizations } = await import("@/db/queries/consumers");
const { checkRemoval, describeBlocker } = await import("@/lib/consumers/removal-gate");
const { updateServiceConnectionSecret } = await import("@/lib/azure/devops/service-connections");
const { servicePrincipalCredential } = await import("@/lib/azure/devops/credential");
const { appToken } = await import("@/lib/azure/app-token");

const contoso = TENANTS.contoso.id;
const ledger = seededApp("ledger-sync").appId;
const newKeyId = randomUUID();

type Org = { name: string; projects: { id: string; name: string }[] };

/** The Azure DevOps REST call, with Rotor's service principal (Endpoint Administrator of every bulk project). */
async function devops(path: string, init: RequestInit = {}) {
  return fetch(`${emulator().https}/devops/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${await appToken(contoso, "devops")}`, "content-type": "application/json", accept: "application/json;api-version=7.1", "x-tfs-fedauthredirect": "Suppress" },
  });
}

const createArm = (org: Org, project: Org["projects"][number], name: string, federated = false) =>
  createConnection(`${emulator().https}/devops`, { tenantId: contoso, organization: org.name, body: armConnection(name, { tenantId: contoso, appId: ledger, federated }), projects: [project] });

describe("the removal gate: old secrets go only when no consumer Rotor has not updated remains", () => {
  let org: Org;
  let app: { id: string };
  beforeAll(async () => {
    org = (await (await fetch(`${emulator().http}/_emulator/bulk/organizations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tenant: "contoso", projects: 3 }) })).json()) as Org;
    const bound = await createArm(org, org.projects[0]!, "ledger-bound");
    // As the rotation's PUT leaves it: the new secret, stamped with its key id.
    await updateServiceConnectionSecret(servicePrincipalCredential(contoso), { organization: org.name, project: org.projects[0]!.id, endpointId: bound, appId: ledger, secret: "gate-test-new-not-a-secret", keyId: newKeyId });
    app = await manage("ledger-sync", { organization: org.name, projectName: "project-1", endpointId: bound });
    await createArm(org, org.projects[2]!, "ledger-federated", true);
  });

  it("is unchecked while the tenant watches no organization", async () => {
    expect(await checkRemoval(await getDb(), { tenantId: contoso, applicationId: app.id, newKeyId })).toEqual({ kind: "unchecked", reason: "no Azure DevOps organization is watched" });
  });

  it("clears when the only connection holding a secret is the bound one, stamped with the new key id (a federated one holds none)", async () => {
    const db = await getDb();
    await setWatchedOrganizations(db, { tenantId: contoso, userId: null, organizations: [{ name: org.name, tenantId: contoso }] });
    expect(await checkRemoval(db, { tenantId: contoso, applicationId: app.id, newKeyId })).toMatchObject({ kind: "clear" });
    // A rotation whose write was not confirmed: the stamp names another key.
    const stale = await checkRemoval(db, { tenantId: contoso, applicationId: app.id, newKeyId: randomUUID() });
    expect(stale.kind === "blocked" && stale.blockers.map(describeBlocker)).toEqual([`Kept the old secret: ledger-bound in ${org.name}/project-1 may still use it (it still holds an earlier secret).`]);
  });

  it("blocks while an unbound connection uses the application, and clears once it is deleted", async () => {
    const db = await getDb();
    const unbound = await createArm(org, org.projects[1]!, "ledger-unbound");
    const gate = await checkRemoval(db, { tenantId: contoso, applicationId: app.id, newKeyId });
    expect(gate.kind).toBe("blocked");
    expect(gate.kind === "blocked" && gate.blockers.map(describeBlocker)).toEqual([`Kept the old secret: ledger-unbound in ${org.name}/project-2 may still use it (it is not bound to Rotor).`]);
    expect((await devops(`${org.name}/_apis/serviceendpoint/endpoints/${unbound}?projectIds=${org.projects[1]!.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await checkRemoval(db, { tenantId: contoso, applicationId: app.id, newKeyId })).toMatchObject({ kind: "clear" });
  });

  it("blocks when a project cannot be read: a connection there may hold the old secret", async () => {
    const fault = await addFault({ host: "devops", method: "GET", path: `/${org.projects[1]!.id}/_apis/serviceendpoint/endpoints`, status: 500 });
    try {
      const gate = await checkRemoval(await getDb(), { tenantId: contoso, applicationId: app.id, newKeyId });
      expect(gate.kind === "blocked" && gate.blockers.map(describeBlocker)).toEqual([expect.stringMatching(new RegExp(`^Kept the old secret: ${org.name}/project-2 could not be read \\(.+\\), and a connection there may hold it\\.$`))]);
    } finally {
      await removeFault(fault);
    }
  });
});
