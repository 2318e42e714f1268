import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { APPS, EMBEDDED_BOOTSTRAP_ADMINS, TENANTS } from "../../emulator/seed";
import { currentUser, seededApp, useTestEmulator } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_BOOTSTRAP_ADMINS = EMBEDDED_BOOTSTRAP_ADMINS.join(",");
const { getDb } = await import("@/db");
const { ensureTenant } = await import("@/db/queries/tenants");
const { upsertSignedInUser } = await import("@/db/queries/users");
const { insertApplication } = await import("@/db/queries/applications");
const { rotations } = await import("@/db/tables");
const { loadApplications, describeEntraFailure } = await import("@/lib/applications/list");
const { refreshTenantSnapshots } = await import("@/lib/applications/credential-snapshots");
const { addManagedApplication } = await import("@/lib/applications/add-application");
const { listApplicationsPage } = await import("@/db/queries/applications");
const { saveCredentialSnapshots } = await import("@/db/queries/credential-snapshots");
const { expiryTone, policyInWords, bindingInWords, lastRotationInWords } = await import("@/components/applications/format");
type CurrentUser = import("@/lib/auth/current-user").CurrentUser;
type ApplicationView = import("@/lib/applications/views").ApplicationView;

/** Graph calls this process makes (a pass-through spy: other test files share the emulator). */
function watchGraph() {
  const spy = vi.spyOn(globalThis, "fetch");
  return () =>
    spy.mock.calls
      .map(([input, init]) => ({ url: String(input instanceof Request ? input.url : input), method: init?.method ?? "GET" }))
      .filter((c) => new URL(c.url).pathname.startsWith("/graph/"))
      .map((c) => `${c.method} ${decodeURIComponent(new URL(c.url).pathname)}`);
}

const managedIn = (tenant: keyof typeof TENANTS) => APPS.filter((a) => a.tenant === tenant && a.managed).map((a) => a.displayName);
const ownedBy = (userKey: string) => APPS.filter((a) => a.managed && (a.owners as readonly string[]).includes(userKey)).map((a) => a.displayName).sort();

let admin: CurrentUser;
let owner: CurrentUser;
let guest: CurrentUser;
let nadia: CurrentUser;
beforeAll(async () => {
  admin = await currentUser("contoso-admin");
  owner = await currentUser("contoso-owner");
  guest = await currentUser("contoso-guest");
  nadia = await currentUser("northwind-admin");
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Applications page data (lib/applications/list)", () => {
  it("before anything is added: the admin is offered the service principal's applications, with one Graph call", async () => {
    const graphCalls = watchGraph();
    const data = await loadApplications(await getDb(), admin);
    expect(data.rows).toEqual([]);
    expect(data.entraError).toBeNull();
    expect(data.addable.map((a) => a.displayName).sort()).toEqual([...managedIn("contoso")].sort());
    expect(data.addable.map((a) => a.displayName)).not.toContain("HR Portal (not managed)");
    expect(graphCalls()).toHaveLength(1);
    expect(graphCalls()[0]).toMatch(/^GET \/graph\/v1\.0\/servicePrincipals\(appId='[^']+'\)\/ownedObjects\/microsoft\.graph\.application$/);
  });

  it("a non-admin with nothing to show costs no Graph call", async () => {
    const graphCalls = watchGraph();
    const data = await loadApplications(await getDb(), owner);
    expect(data).toMatchObject({ rows: [], addable: [], entraError: null });
    expect(graphCalls()).toEqual([]);
  });

  it("reads every managed application's secrets from the credential snapshot: no Graph call per view", async () => {
    const db = await getDb();
    // Adding an application stores its first snapshot from the answer Graph gave then.
    for (const name of managedIn("contoso")) await addManagedApplication(db, admin, { appId: APPS.find((a) => a.displayName === name)!.appId });
    const graphCalls = watchGraph();
    const now = new Date();
    const data = await loadApplications(db, admin, { now });
    expect(graphCalls()).toEqual([]);
    expect(data.rows.map((r) => r.displayName).sort()).toEqual([...managedIn("contoso")].sort());
    expect(data.addable).toEqual([]);
    expect(data.notOwnedIds).toEqual([]);
    expect(Date.parse(data.secretsAsOf!)).toBeLessThanOrEqual(now.getTime());
    for (const row of data.rows) {
      const seed = APPS.find((a) => a.appId === row.appId)!;
      expect(row.secrets!.length).toBeGreaterThan(0);
      // The seeded secret expires secretExpiresInDays after the emulator started (a moment ago).
      expect(Math.max(...row.secrets!.map((s) => s.daysLeft))).toBeGreaterThanOrEqual(seed.secretExpiresInDays);
      expect(row.secrets!.every((s) => s.hint && s.hint.length <= 3 && s.keyId)).toBe(true);
      expect(row).toMatchObject({ policy: { secretLifetimeDays: 180, rotateBeforeDays: 30, overlapHours: 24, scheduleEnabled: true }, lastRotation: null });
      expect(row.binding).toMatchObject({ devopsEnabled: false, organization: null, organizationTenantId: null, endpointName: null });
    }
    expect(JSON.stringify(data)).not.toMatch(/secretText/);
  });

  it("a refresh reads the tenant's secrets with ONE Graph call and dates the snapshot", async () => {
    const db = await getDb();
    const graphCalls = watchGraph();
    const takenAt = await refreshTenantSnapshots(db, admin.tenantId, { now: new Date(Date.now() + 1_000) });
    expect(graphCalls()).toHaveLength(1);
    expect((await loadApplications(db, admin)).secretsAsOf).toBe(takenAt.toISOString());
    // An older answer arriving late never replaces a newer one.
    await refreshTenantSnapshots(db, admin.tenantId, { now: new Date(takenAt.getTime() - 60_000) });
    expect((await loadApplications(db, admin)).secretsAsOf).toBe(takenAt.toISOString());
  });

  it("owners see only what they own in Entra ID; a guest sees only Reporting Service", async () => {
    const db = await getDb();
    expect((await loadApplications(db, owner)).rows.map((r) => r.displayName).sort()).toEqual(ownedBy("contoso-owner"));
    const guestRows = (await loadApplications(db, guest)).rows;
    expect(guestRows.map((r) => r.displayName)).toEqual(["Reporting Service"]);
    expect((await loadApplications(db, owner)).addable).toEqual([]);
    const nina = await currentUser("contoso-noconsent");
    expect((await loadApplications(db, nina)).rows.map((r) => r.displayName).sort()).toEqual(ownedBy("contoso-noconsent"));
  });

  it("another tenant's admin sees none of Contoso's, and is offered only their own tenant's applications", async () => {
    const data = await loadApplications(await getDb(), nadia);
    expect(nadia.role).toBe("admin");
    expect(data.rows).toEqual([]);
    expect(data.addable.map((a) => a.displayName)).toEqual(managedIn("northwind"));
  });

  it("without a snapshot the secrets are unknown; a refresh Entra ID refuses leaves them so and says why", async () => {
    const db = await getDb();
    const tenantId = randomUUID(); // a directory where Rotor has no service principal
    await ensureTenant(db, { tenantId, name: "Nowhere" });
    const user = await upsertSignedInUser(db, { tenantId, oid: randomUUID(), homeTenantId: tenantId, email: "a@nowhere.example", name: "A", role: "admin" });
    await insertApplication(db, { id: randomUUID(), tenantId, appId: seededApp("payments-api").appId, objectId: seededApp("payments-api").objectId, displayName: "Payments API", createdBy: user.id });
    const graphCalls = watchGraph();
    const data = await loadApplications(db, { tenantId, oid: user.oid, role: "admin" });
    expect(graphCalls()).toEqual([]);
    expect(data.rows).toHaveLength(1);
    expect(data.rows[0]!.secrets).toBeNull();
    expect(data.secretsAsOf).toBeNull();
    const error = await refreshTenantSnapshots(db, tenantId).catch((e: unknown) => e);
    expect(describeEntraFailure(error).length).toBeGreaterThan(10);
    expect(describeEntraFailure(error)).not.toMatch(/Error:|at \w+ \(/); // a sentence, not a stack
    expect((await loadApplications(db, { tenantId, oid: user.oid, role: "admin" })).rows[0]!.secrets).toBeNull();
  });

  it("an application the service principal no longer owns is flagged by the next snapshot, not dropped", async () => {
    const db = await getDb();
    const hr = seededApp("hr-portal");
    const row = await insertApplication(db, { id: randomUUID(), tenantId: admin.tenantId, appId: hr.appId, objectId: hr.objectId, displayName: hr.displayName, createdBy: admin.id });
    await refreshTenantSnapshots(db, admin.tenantId);
    const data = await loadApplications(db, admin);
    expect(data.notOwnedIds).toEqual([row.id]);
    expect(data.rows.find((r) => r.id === row.id)!.secrets).toBeNull();
    db.$client.prepare("delete from applications where id = ?").run(row.id);
  });

  it("shows each application's newest rotation", async () => {
    const db = await getDb();
    const app = (await loadApplications(db, admin)).rows.find((r) => r.displayName === "Container Builds")!;
    const other = (await loadApplications(db, admin)).rows.find((r) => r.displayName === "Payments API")!;
    const at = (ms: number) => new Date(Date.now() - ms);
    db.insert(rotations)
      .values([
        { id: randomUUID(), tenantId: admin.tenantId, applicationId: app.id, trigger: "manual", requestedBy: `user:${admin.id}`, state: "succeeded", createdAt: at(90_000), finishedAt: at(80_000) },
        { id: randomUUID(), tenantId: admin.tenantId, applicationId: app.id, trigger: "schedule", requestedBy: "system", state: "failed", failureReason: "Azure DevOps refused the update.", createdAt: at(10_000), finishedAt: at(5_000) },
        { id: randomUUID(), tenantId: admin.tenantId, applicationId: other.id, trigger: "api", requestedBy: "system", state: "succeeded", createdAt: at(300_000), finishedAt: at(290_000) },
      ])
      .run();
    const rows = (await loadApplications(db, admin)).rows;
    expect(rows.find((r) => r.id === app.id)!.lastRotation).toMatchObject({ state: "failed", failureReason: "Azure DevOps refused the update." });
    expect(rows.find((r) => r.id === other.id)!.lastRotation).toMatchObject({ state: "succeeded" });
    expect(rows.find((r) => r.displayName === "Legacy Batch")!.lastRotation).toBeNull();
    db.$client.prepare("delete from rotations").run();
  });
});

describe("the list's sort, search and pages (in the database)", () => {
  const tenantId = randomUUID();
  const ids = new Map<string, string>();
  const page = async (q: string, sort: "expiry" | "name", options: { page?: number; pageSize?: number } = {}) =>
    listApplicationsPage(await getDb(), { tenantId, ownerOid: "nobody", isAdmin: true, q, sort, page: options.page ?? 1, pageSize: options.pageSize ?? 50 });
  const names = async (q: string, sort: "expiry" | "name") => (await page(q, sort)).rows.map((r) => r.displayName);

  beforeAll(async () => {
    const db = await getDb();
    await ensureTenant(db, { tenantId, name: "Sorting" });
    const app = async (displayName: string, appId: string, ends: string[] | null, owned = true) => {
      const id = randomUUID();
      ids.set(displayName, id);
      await insertApplication(db, { id, tenantId, appId, objectId: randomUUID(), displayName, createdBy: null as unknown as string });
      return ends === null ? null : { applicationId: id, tenantId, owned, credentials: ends.map((endDateTime, i) => ({ keyId: `${i}`, hint: "abc", displayName: null, startDateTime: "2029-01-01T00:00:00Z", endDateTime })) };
    };
    const snapshots = (
      [
      await app("Reporting Service", "a-3", ["2030-06-01T00:00:00Z"]),
      await app("legacy Batch", "a-4", ["2030-01-03T00:00:00Z"]),
      // Two secrets during an overlap: the application lasts as long as its newest one.
      await app("Payments API", "a-1", ["2029-12-01T00:00:00Z", "2030-01-12T00:00:00Z"]),
      await app("Unknown", "a-9", null),
      await app("No Secret", "a-8", []),
      await app("Not Owned", "a-7", ["2029-01-01T00:00:00Z"], false),
      await app("50%_off", "a-6", ["2031-01-01T00:00:00Z"]),
      ]
    ).filter((s) => s !== null);
    await saveCredentialSnapshots(db, { snapshots, takenAt: new Date() });
  });

  it("sorts by soonest expiry: no secret first, unknown (no snapshot, or no longer owned) last", async () => {
    expect(await names("", "expiry")).toEqual(["No Secret", "legacy Batch", "Payments API", "Reporting Service", "50%_off", "Not Owned", "Unknown"]);
  });

  it("sorts by name, ignoring case", async () => {
    expect(await names("", "name")).toEqual(["50%_off", "legacy Batch", "No Secret", "Not Owned", "Payments API", "Reporting Service", "Unknown"]);
  });

  it("searches names and application ids, ignoring case and spaces around; % and _ match themselves", async () => {
    expect(await names("  PAYMENTS ", "expiry")).toEqual(["Payments API"]);
    expect(await names("a-4", "name")).toEqual(["legacy Batch"]);
    expect(await names("nothing like it", "name")).toEqual([]);
    expect(await names("%", "name")).toEqual(["50%_off"]);
    expect(await names("_", "name")).toEqual(["50%_off"]);
    expect(await page("payments", "name")).toMatchObject({ total: 7, matching: 1, page: 1 });
  });

  it("pages: each row once across the pages, and a page past the end serves the last one", async () => {
    const first = await page("", "name", { page: 1, pageSize: 3 });
    const second = await page("", "name", { page: 2, pageSize: 3 });
    const third = await page("", "name", { page: 3, pageSize: 3 });
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.displayName)).toEqual(await names("", "name"));
    expect(await page("", "name", { page: 99, pageSize: 3 })).toMatchObject({ page: 3, rows: third.rows });
  });

  it("another tenant's rows never appear, and a non-admin sees only what they own", async () => {
    expect((await listApplicationsPage(await getDb(), { tenantId, ownerOid: "nobody", isAdmin: false, q: "", sort: "name", page: 1, pageSize: 50 })).total).toBe(0);
    expect((await listApplicationsPage(await getDb(), { tenantId: randomUUID(), ownerOid: "nobody", isAdmin: true, q: "", sort: "name", page: 1, pageSize: 50 })).total).toBe(0);
  });
});

describe("the list's words", () => {
  const row = (displayName: string, appId: string, ends: string[] | null): ApplicationView => ({
    id: randomUUID(),
    appId,
    displayName,
    secrets: ends && ends.map((endDateTime, i) => ({ keyId: `${i}`, hint: "abc", displayName: null, endDateTime, daysLeft: 1 })),
    policy: { secretLifetimeDays: 180, rotateBeforeDays: 30, overlapHours: 24, scheduleEnabled: true },
    binding: { devopsEnabled: false, organization: null, projectId: null, projectName: null, endpointId: null, endpointName: null, endpointType: null },
    lastRotation: null,
    owners: [],
  });
  const rows = [row("Reporting Service", "a-3", ["2030-06-01T00:00:00Z"])];

  it("tones a secret by the policy: warning inside the rotation window, danger once expired", () => {
    const policy = { rotateBeforeDays: 30 };
    expect(expiryTone({ daysLeft: 31 }, policy)).toBe("neutral");
    expect(expiryTone({ daysLeft: 30 }, policy)).toBe("warning");
    expect(expiryTone({ daysLeft: 1 }, policy)).toBe("warning");
    expect(expiryTone({ daysLeft: 0 }, policy)).toBe("danger");
    expect(expiryTone({ daysLeft: -4 }, policy)).toBe("danger");
  });

  it("says the policy, the binding and the last rotation in words", () => {
    expect(policyInWords({ secretLifetimeDays: 180, rotateBeforeDays: 30, overlapHours: 24, scheduleEnabled: true })).toEqual({
      headline: "Rotates 30 days before expiry",
      details: "180-day secrets, old one kept 24 h",
    });
    expect(policyInWords({ secretLifetimeDays: 90, rotateBeforeDays: 1, overlapHours: 0, scheduleEnabled: false })).toEqual({
      headline: "Manual only",
      details: "90-day secrets, old one removed at once",
    });
    expect(bindingInWords(rows[0]!.binding)).toBeNull();
    expect(
      bindingInWords({ devopsEnabled: true, organization: "contoso-platform", projectId: "p", projectName: "payments", endpointId: "e", endpointName: "payments-api-arm", endpointType: "azurerm" }),
    ).toBe("contoso-platform / payments / payments-api-arm");
    expect(lastRotationInWords(null)).toBeNull();
    expect(lastRotationInWords({ state: "secret_created", finishedAt: null, failureReason: null })).toMatchObject({ label: "In progress" });
    expect(lastRotationInWords({ state: "compensating", finishedAt: null, failureReason: null })).toMatchObject({ label: "Rolling back" });
    expect(lastRotationInWords({ state: "failed", finishedAt: "2030-01-02T10:00:00Z", failureReason: "Verify failed." })).toEqual({ tone: "danger", label: "Failed", at: "2030-01-02T10:00:00Z", reason: "Verify failed." });
  });
});
