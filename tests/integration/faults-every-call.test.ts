import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_BOOTSTRAP_ADMINS, TENANTS, USERS } from "../../emulator/seed";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { credentialStatus, emulatorSettings, manage, secretsOf } from "../support/applications";
import { expectBoundedRetries, FAULTS, record, Tally, withFaultOn, type Call, type FaultKind, type Settled } from "../support/faults-every-call";
import { expectClearError, expectClearSentence } from "../support/hostile";
import { currentUser, mintPat, seededApp, useTestEmulator } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_AZURE_TIMEOUT_SECONDS = "0.5"; // a hang costs this, per attempt, at each of ~60 calls
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "3";
process.env.ROTOR_BOOTSTRAP_ADMINS = EMBEDDED_BOOTSTRAP_ADMINS.join(",");
const { getDb } = await import("@/db");
const { getApplicationByAppId, listOwnerOids, listTenantApplications } = await import("@/db/queries/applications");
const { applications } = await import("@/db/schema");
const { eq } = await import("drizzle-orm");
const { clearAppTokens } = await import("@/lib/azure/app-token");
const { clearUserTokenCache } = await import("@/lib/azure/user-token");
const { clearDevopsClients, serviceEndpointApi } = await import("@/lib/azure/devops/client");
const { userCredential } = await import("@/lib/azure/devops/credential");
const { listOrganizations } = await import("@/lib/azure/devops/organizations");
const { listProjects } = await import("@/lib/azure/devops/projects");
const { canAdministerServiceConnections } = await import("@/lib/azure/devops/permissions");
const { listServiceConnections } = await import("@/lib/azure/devops/service-connections");
const { validatePat } = await import("@/lib/azure/devops/validate-pat");
const { testServicePrincipal } = await import("@/lib/azure/devops/test-service-principal");
const { addManagedApplication } = await import("@/lib/applications/add-application");
const { syncManagedApplications } = await import("@/lib/applications/sync-applications");
const { requestRotation, startInBackground } = await import("@/lib/rotation/runner");
const { scanConsumers } = await import("@/lib/consumers/scan");
const { getConsumerScan, setWatchedOrganizations } = await import("@/db/queries/consumers");
type CurrentUser = import("@/lib/auth/current-user").CurrentUser;

const contoso = TENANTS.contoso.id;
const PAYMENTS_PROJECT = "d0000000-0000-4000-8000-0000000000a1";
const KINDS = Object.keys(FAULTS) as FaultKind[];
const tally = new Tally();

/** Every run starts cold, so every run makes the same calls (tokens, location look-ups) in the same order. */
function cold() {
  clearAppTokens();
  clearUserTokenCache();
  clearDevopsClients();
}

type Flow<T> = {
  name: string;
  prepare?: () => Promise<void>;
  run: () => Promise<T>;
  /** Whatever the fault, what must hold afterwards (the outcome, the database, the emulator's state). */
  check: (outcome: Settled<T>) => Promise<void>;
};

/** Records the flow's calls without faults, then faults each call in turn with each kind of fault. */
async function faultEveryCall<T>(flow: Flow<T>): Promise<Call[]> {
  await flow.prepare?.();
  cold();
  const baseline = await record(flow.run);
  expect(baseline.outcome.ok, `${flow.name} works without faults: ${!baseline.outcome.ok && (baseline.outcome.error as Error).message}`).toBe(true);
  await flow.check(baseline.outcome);
  const sequence = baseline.calls;
  expect(sequence.length).toBeGreaterThan(0);
  for (let index = 0; index < sequence.length; index++) {
    for (const kind of KINDS) {
      await flow.prepare?.();
      cold();
      const what = `${kind} on call ${index} ${sequence[index]!.method} ${sequence[index]!.path}`;
      await tally.attempt(flow.name, what, async () => {
        const { outcome, calls } = await withFaultOn(sequence, index, kind, flow.run);
        expectBoundedRetries(sequence, calls, index);
        await flow.check(outcome);
      });
    }
  }
  return sequence;
}

/** A flow that reads: it succeeds after retrying, or fails with a clear message. */
const readOnly = <T>(name: string, run: () => Promise<T>, valid: (value: T) => void): Flow<T> => ({
  name,
  run,
  check: async (outcome) => (outcome.ok ? valid(outcome.value) : void expectClearError(outcome.error, name)),
});

let admin: CurrentUser;
let owner: CurrentUser;
beforeAll(async () => {
  admin = await currentUser("contoso-admin");
  owner = await currentUser("contoso-owner");
  await emulatorSettings({ propagationDelayMs: 0 });
});

afterEach(() => {
  expect(tally.problems).toEqual([]);
});

afterAll(() => {
  cold();
  tally.print();
});

describe("a fault at every call of every flow", () => {
  it("the dialog's look-ups: organizations, projects, permission check, service connections", async () => {
    await faultEveryCall(readOnly("organizations", () => listOrganizations({ ...owner }, { includeHomeTenant: false }), (groups) => expect(groups[0]!.organizations.length).toBeGreaterThan(0)));
    await faultEveryCall(readOnly("projects", () => listProjects(userCredential(owner), "contoso-platform"), (projects) => expect(projects.map((p) => p.name)).toEqual(["legacy", "payments"])));
    await faultEveryCall(readOnly("permission check", () => canAdministerServiceConnections(userCredential(owner), "contoso-platform", PAYMENTS_PROJECT), (can) => expect(can).toBe(true)));
    await faultEveryCall(
      readOnly(
        "service connections",
        () => listServiceConnections(userCredential(owner), { organization: "contoso-platform", project: PAYMENTS_PROJECT, appId: seededApp("payments-api").appId }),
        (connections) => expect(connections.some((c) => c.supported)).toBe(true),
      ),
    );
  }, 240_000);

  it("the settings checks: PAT check and Test connection", async () => {
    const pat = await mintPat("contoso-admin");
    await faultEveryCall({
      name: "PAT check",
      run: () => validatePat(pat),
      check: async (outcome) => {
        if (!outcome.ok) return void expectClearError(outcome.error, "PAT check");
        if (!outcome.value.ok) expectClearSentence(outcome.value.reason, "PAT check");
      },
    });
    await faultEveryCall({
      name: "Test connection",
      run: () => testServicePrincipal(admin),
      check: async (outcome) => {
        if (!outcome.ok) return void expectClearError(outcome.error, "Test connection");
        expectClearSentence(outcome.value.token.detail);
        for (const o of outcome.value.organizations) expectClearSentence(o.detail, o.organization);
      },
    });
  }, 240_000);

  it("adding and syncing applications", async () => {
    const reporting = seededApp("reporting-service");
    const expectedOwners = (key: string) => (seededApp(key).owners as readonly string[]).map((k) => USERS.find((u) => u.key === k)!.oid).sort();
    const db = await getDb();
    await faultEveryCall({
      name: "add application",
      prepare: async () => void db.delete(applications).where(eq(applications.appId, reporting.appId)).run(),
      run: () => addManagedApplication(db, admin, { appId: reporting.appId }),
      check: async (outcome) => {
        const row = await getApplicationByAppId(db, { tenantId: contoso, appId: reporting.appId });
        if (!outcome.ok) {
          expectClearError(outcome.error, "add application");
          expect(row, "nothing half-added").toBeNull();
          return;
        }
        expect(row?.objectId).toBe(reporting.objectId);
        expect((await listOwnerOids(db, { applicationId: row!.id })).sort()).toEqual(expectedOwners("reporting-service"));
      },
    });
    await faultEveryCall({
      name: "sync applications",
      run: () => syncManagedApplications(db, admin),
      check: async (outcome) => {
        if (!outcome.ok) expectClearError(outcome.error, "sync applications");
        else for (const f of outcome.value.failed) expectClearSentence(f.reason, f.displayName);
        // Whatever failed, every managed application keeps exactly its Entra ID owners: none dropped, none half-replaced.
        for (const app of await listTenantApplications(db, { tenantId: contoso })) {
          const key = [...["payments-api", "container-builds", "reporting-service", "legacy-batch"]].find((k) => seededApp(k).appId === app.appId);
          if (key) expect((await listOwnerOids(db, { applicationId: app.id })).sort(), app.displayName).toEqual(expectedOwners(key));
        }
      },
    });
  }, 240_000);

  it("the consumer scan: every project is either read or reported, and the stored scan is the one answered", async () => {
    const db = await getDb();
    await manage("ledger-sync");
    const ledger = (await getApplicationByAppId(db, { tenantId: contoso, appId: seededApp("ledger-sync").appId }))!;
    await setWatchedOrganizations(db, { tenantId: contoso, userId: null, organizations: [{ name: "contoso-data", tenantId: contoso }] });
    const expected = [
      ["ledger-sync-ledger", "ledger"],
      ["ledger-sync-shared", "shared-infra"],
    ] as const;
    await faultEveryCall({
      name: "consumer scan",
      run: () => scanConsumers(db, { tenantId: contoso, applicationIds: [ledger.id] }),
      check: async (outcome) => {
        if (!outcome.ok) return void expectClearError(outcome.error, "consumer scan");
        const stored = (await getConsumerScan(db, { tenantId: contoso, applicationId: ledger.id }))!;
        expect(stored).toMatchObject({ scannedAt: outcome.value[0]!.scannedAt, consumers: outcome.value[0]!.consumers, unreadable: outcome.value[0]!.unreadable });
        for (const [name, project] of expected) {
          const found = stored.consumers.some((c) => c.name === name);
          const reported = stored.unreadable.some((u) => u.projectName === project || u.projectId === null);
          expect(found || reported, `${name} found, or ${project} reported unreadable`).toBe(true);
        }
      },
    });
  }, 240_000);

  it("a rotation, through the runner", async () => {
    const endpointId = SERVICE_CONNECTIONS.legacyBatchArm;
    const legacy = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId });
    let before = await credentialStatus(endpointId);
    const sequence = await faultEveryCall({
      name: "rotation",
      prepare: async () => {
        before = await credentialStatus(endpointId);
      },
      run: async () => {
        const { rotation } = await requestRotation({ tenantId: contoso, applicationId: legacy.id, trigger: "manual", requestedBy: "system" }, { start: false });
        return (await startInBackground(rotation))!;
      },
      check: async (outcome) => {
        if (!outcome.ok) return void expectClearError(outcome.error, "rotation");
        const rotation = outcome.value;
        expect(["succeeded", "failed"], `final state (${rotation.failureReason})`).toContain(rotation.state);
        const status = await credentialStatus(endpointId);
        expect(status.valid, "the service connection holds a working secret").toBe(true);
        const live = (await secretsOf(legacy.appId)).filter((s) => !s.removed);
        expect(live.map((s) => s.keyId), "one live secret: no unused new one, no old one left (overlap 0)").toEqual([status.keyId]);
        if (rotation.state === "succeeded") expect(status.keyId).toBe(rotation.newKeyId);
        else {
          expect(status.keyId, "rolled back to the old secret").toBe(before.keyId);
          expectClearSentence(rotation.failureReason, "failure reason");
        }
      },
    });
    expect(sequence.map((c) => c.method)).toContain("PUT");
  }, 240_000);
});
