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
const { rotations } = await import("@/db/schema");
const { loadApplications } = await import("@/lib/applications/list");
const { addManagedApplication } = await import("@/lib/applications/add-application");
const { filterAndSort, expiryKey } = await import("@/components/applications/sort");
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
const CONTOSO_FOUR = ["Payments API", "Container Builds", "Reporting Service", "Legacy Batch"];

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

  it("merges every managed application with its secrets from ONE Graph call, whatever the number of applications", async () => {
    const db = await getDb();
    for (const name of CONTOSO_FOUR) await addManagedApplication(db, admin, { appId: APPS.find((a) => a.displayName === name)!.appId });
    const graphCalls = watchGraph();
    const now = new Date();
    const data = await loadApplications(db, admin, now);
    expect(graphCalls()).toHaveLength(1);
    expect(data.rows.map((r) => r.displayName).sort()).toEqual([...CONTOSO_FOUR].sort());
    expect(data.addable).toEqual([]);
    expect(data.notOwnedIds).toEqual([]);
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

  it("when Entra ID cannot be read, the stored rows still come back, with Azure's reason", async () => {
    const db = await getDb();
    const tenantId = randomUUID(); // a directory where Rotor has no service principal
    await ensureTenant(db, { tenantId, name: "Nowhere" });
    const user = await upsertSignedInUser(db, { tenantId, oid: randomUUID(), homeTenantId: tenantId, email: "a@nowhere.example", name: "A", role: "admin" });
    await insertApplication(db, { id: randomUUID(), tenantId, appId: seededApp("payments-api").appId, objectId: seededApp("payments-api").objectId, displayName: "Payments API", createdBy: user.id });
    const data = await loadApplications(db, { tenantId, oid: user.oid, role: "admin" });
    expect(data.rows).toHaveLength(1);
    expect(data.rows[0]!.secrets).toBeNull();
    expect(data.addable).toEqual([]);
    expect(data.entraError).toEqual(expect.any(String));
    expect(data.entraError!.length).toBeGreaterThan(10);
    expect(data.entraError).not.toMatch(/Error:|at \w+ \(/); // a sentence, not a stack
  });

  it("an application the service principal no longer owns is flagged, not dropped", async () => {
    const db = await getDb();
    const hr = seededApp("hr-portal");
    const row = await insertApplication(db, { id: randomUUID(), tenantId: admin.tenantId, appId: hr.appId, objectId: hr.objectId, displayName: hr.displayName, createdBy: admin.id });
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

describe("the list's sort, search and words", () => {
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
  const rows = [
    row("Reporting Service", "a-3", ["2030-06-01T00:00:00Z"]),
    row("legacy Batch", "a-4", ["2030-01-03T00:00:00Z"]),
    // Two secrets during an overlap: the application lasts as long as its newest one.
    row("Payments API", "a-1", ["2029-12-01T00:00:00Z", "2030-01-12T00:00:00Z"]),
    row("Unknown", "a-9", null),
    row("No Secret", "a-8", []),
  ];

  it("sorts by soonest expiry: no secret first, unknown last", () => {
    expect(filterAndSort(rows, { q: "", sort: "expiry" }).map((r) => r.displayName)).toEqual(["No Secret", "legacy Batch", "Payments API", "Reporting Service", "Unknown"]);
    expect(expiryKey(rows[2]!)).toBe(Date.parse("2030-01-12T00:00:00Z"));
  });

  it("sorts by name, ignoring case", () => {
    expect(filterAndSort(rows, { q: "", sort: "name" }).map((r) => r.displayName)).toEqual(["legacy Batch", "No Secret", "Payments API", "Reporting Service", "Unknown"]);
  });

  it("searches names and application ids, ignoring case and spaces around", () => {
    expect(filterAndSort(rows, { q: "  PAYMENTS ", sort: "expiry" }).map((r) => r.displayName)).toEqual(["Payments API"]);
    expect(filterAndSort(rows, { q: "a-4", sort: "name" }).map((r) => r.displayName)).toEqual(["legacy Batch"]);
    expect(filterAndSort(rows, { q: "nothing like it", sort: "name" })).toEqual([]);
  });

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
