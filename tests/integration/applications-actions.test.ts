import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { APPS, EMBEDDED_BOOTSTRAP_ADMINS, USERS } from "../../emulator/seed";
import { currentUser, seededApp, useTestEmulator } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_BOOTSTRAP_ADMINS = EMBEDDED_BOOTSTRAP_ADMINS.join(",");
const { getDb } = await import("@/db");
const { listAudit } = await import("@/db/queries/audit");
const { getApplicationByAppId, insertApplication, listOwnerOids, listTenantApplications } = await import("@/db/queries/applications");
const { rotations } = await import("@/db/schema");
const { addManagedApplication } = await import("@/lib/applications/add-application");
const { removeManagedApplication } = await import("@/lib/applications/remove-application");
const { syncManagedApplications, OWNER_LOOKUPS_IN_FLIGHT } = await import("@/lib/applications/sync-applications");
const { mapSettledWithLimit } = await import("@/lib/concurrency");
const { addApplicationSchema, removeApplicationSchema, syncApplicationsSchema } = await import("@/lib/validations/applications");
type CurrentUser = import("@/lib/auth/current-user").CurrentUser;

/** Graph calls this process makes (a pass-through spy: other test files share the emulator). */
function watchGraph() {
  const spy = vi.spyOn(globalThis, "fetch");
  return () =>
    spy.mock.calls
      .map(([input, init]) => ({ url: new URL(String(input instanceof Request ? input.url : input)), method: init?.method ?? "GET" }))
      .filter((c) => c.url.pathname.startsWith("/graph/"))
      .map((c) => `${c.method} ${decodeURIComponent(c.url.pathname)}`);
}

const oidOf = (key: string) => USERS.find((u) => u.key === key)!.oid;
const userOwners = (key: string) => (seededApp(key).owners as readonly string[]).map(oidOf).sort();
const count = (db: Awaited<ReturnType<typeof getDb>>, table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const audits = async (tenantId: string, action: string) => (await listAudit(await getDb(), { tenantId, limit: 1000 })).filter((e) => e.action === action);

let admin: CurrentUser;
let owner: CurrentUser;
let nadia: CurrentUser;
beforeAll(async () => {
  admin = await currentUser("contoso-admin");
  owner = await currentUser("contoso-owner");
  nadia = await currentUser("northwind-admin");
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the actions' shared schemas", () => {
  it("accept what the forms send and refuse anything else", () => {
    expect(addApplicationSchema.safeParse({ appId: seededApp("payments-api").appId }).success).toBe(true);
    expect(addApplicationSchema.safeParse({ appId: "payments" }).success).toBe(false);
    expect(addApplicationSchema.safeParse({ appId: seededApp("payments-api").appId, tenantId: "x" }).success).toBe(false);
    expect(removeApplicationSchema.safeParse({ applicationId: randomUUID() }).success).toBe(true);
    expect(removeApplicationSchema.safeParse({ applicationId: "1 or 1=1" }).success).toBe(false);
    expect(syncApplicationsSchema.safeParse({}).success).toBe(true);
    expect(syncApplicationsSchema.safeParse({ tenantId: "x" }).success).toBe(false);
  });
});

describe("add application", () => {
  it("adds one the service principal owns: default policy, its user owners, audited", async () => {
    const db = await getDb();
    const graphCalls = watchGraph();
    const app = await addManagedApplication(db, admin, { appId: seededApp("reporting-service").appId });
    expect(graphCalls()).toEqual([
      `GET /graph/v1.0/applications(appId='${seededApp("reporting-service").appId}')`,
      `GET /graph/v1.0/applications/${seededApp("reporting-service").objectId}/owners`,
    ]);
    expect(app).toMatchObject({
      tenantId: admin.tenantId,
      appId: seededApp("reporting-service").appId,
      objectId: seededApp("reporting-service").objectId,
      displayName: "Reporting Service",
      secretLifetimeDays: 180,
      rotateBeforeDays: 30,
      overlapHours: 24,
      scheduleEnabled: true,
      devopsEnabled: false,
      createdBy: admin.id,
    });
    // Users only: Rotor's own service principal, also an owner in Entra, is not kept.
    expect(await listOwnerOids(db, { applicationId: app.id })).toEqual(userOwners("reporting-service"));
    const [entry] = await audits(admin.tenantId, "application.added");
    expect(entry).toMatchObject({ actorId: admin.id, targetType: "application", targetId: app.id, detail: { appId: app.appId, displayName: "Reporting Service", owners: 2 } });
  });

  it("refuses the same application twice and changes nothing", async () => {
    const db = await getDb();
    const before = { apps: count(db, "applications"), owners: count(db, "application_owners"), audit: (await audits(admin.tenantId, "application.added")).length };
    await expect(addManagedApplication(db, admin, { appId: seededApp("reporting-service").appId })).rejects.toMatchObject({
      code: "conflict",
      message: "Reporting Service is already managed by Rotor.",
    });
    expect({ apps: count(db, "applications"), owners: count(db, "application_owners"), audit: (await audits(admin.tenantId, "application.added")).length }).toEqual(before);
  });

  it("keeps one row when two admins add the same application at once", async () => {
    const db = await getDb();
    const appId = seededApp("container-builds").appId;
    const results = await Promise.allSettled([addManagedApplication(db, admin, { appId }), addManagedApplication(db, admin, { appId })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    expect((await listTenantApplications(db, { tenantId: admin.tenantId })).filter((a) => a.appId === appId)).toHaveLength(1);
  });

  it("refuses one the service principal does not own (Graph 403), an unknown one and another tenant's (Graph 404)", async () => {
    const db = await getDb();
    const before = count(db, "applications");
    for (const appId of [seededApp("hr-portal").appId, "00000000-0000-4000-8000-00000000dead", seededApp("northwind-orders").appId]) {
      await expect(addManagedApplication(db, admin, { appId })).rejects.toMatchObject({ code: "not_found", message: expect.stringContaining("does not own") });
    }
    expect(count(db, "applications")).toBe(before);
    expect(await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: seededApp("hr-portal").appId })).toBeNull();
  });

  it("refuses a non-admin before calling Graph", async () => {
    const db = await getDb();
    const graphCalls = watchGraph();
    await expect(addManagedApplication(db, owner, { appId: seededApp("payments-api").appId })).rejects.toMatchObject({ code: "forbidden" });
    expect(graphCalls()).toEqual([]);
    expect(await getApplicationByAppId(db, { tenantId: owner.tenantId, appId: seededApp("payments-api").appId })).toBeNull();
  });
});

describe("remove from Rotor", () => {
  it("is not found for another tenant's admin and forbidden for an owner; nothing changes", async () => {
    const db = await getDb();
    const app = (await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: seededApp("reporting-service").appId }))!;
    await expect(removeManagedApplication(db, nadia, { applicationId: app.id })).rejects.toThrow(expect.objectContaining({ code: "not_found" }));
    await expect(removeManagedApplication(db, owner, { applicationId: app.id })).rejects.toThrow(expect.objectContaining({ code: "forbidden" }));
    await expect(removeManagedApplication(db, admin, { applicationId: randomUUID() })).rejects.toThrow(expect.objectContaining({ code: "not_found" }));
    expect(await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: app.appId })).not.toBeNull();
    expect(await audits(admin.tenantId, "application.removed")).toEqual([]);
    expect(await audits(nadia.tenantId, "application.removed")).toEqual([]);
  });

  it("waits for an unfinished rotation to finish, whether its runner is alive or gone", async () => {
    const db = await getDb();
    const app = (await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: seededApp("reporting-service").appId }))!;
    const rotationId = randomUUID();
    db.insert(rotations)
      .values({ id: rotationId, tenantId: admin.tenantId, applicationId: app.id, trigger: "manual", requestedBy: `user:${admin.id}`, state: "secret_created", leaseOwner: "w1", leaseExpiresAt: new Date(Date.now() + 60_000) })
      .run();
    await expect(removeManagedApplication(db, admin, { applicationId: app.id })).rejects.toThrow(expect.objectContaining({ code: "conflict" }));
    db.$client.prepare("update rotations set lease_owner = null, lease_expires_at = null where id = ?").run(rotationId);
    await expect(removeManagedApplication(db, admin, { applicationId: app.id })).rejects.toThrow(expect.objectContaining({ code: "conflict" }));
    db.$client.prepare("update rotations set state = 'succeeded', lease_owner = null, lease_expires_at = null where id = ?").run(rotationId);
  });

  it("waits while the last rotation's old secret is in its overlap, saying until when; then removes", async () => {
    const db = await getDb();
    const app = (await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: seededApp("reporting-service").appId }))!;
    const rotationId = randomUUID();
    const removeAfter = new Date("2031-05-04T03:02:00Z");
    db.insert(rotations)
      .values({ id: rotationId, tenantId: admin.tenantId, applicationId: app.id, trigger: "manual", requestedBy: `user:${admin.id}`, state: "succeeded", oldKeyIds: [randomUUID()], oldSecretsRemoveAfter: removeAfter })
      .run();
    await expect(removeManagedApplication(db, admin, { applicationId: app.id })).rejects.toThrow(
      expect.objectContaining({ code: "conflict", message: expect.stringContaining("Rotor removes it after 2031-05-04 03:02 UTC") }),
    );
    expect(await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: app.appId })).not.toBeNull();
    db.$client.prepare("update rotations set old_secrets_removed_at = ? where id = ?").run(Date.now(), rotationId);
  });

  it("deletes the row with its owners and rotations, audited; nothing is asked of Entra ID", async () => {
    const db = await getDb();
    const app = (await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: seededApp("reporting-service").appId }))!;
    const graphCalls = watchGraph();
    const removed = await removeManagedApplication(db, admin, { applicationId: app.id });
    expect(removed.id).toBe(app.id);
    expect(graphCalls()).toEqual([]);
    expect(await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: app.appId })).toBeNull();
    expect(await listOwnerOids(db, { applicationId: app.id })).toEqual([]);
    expect((db.$client.prepare("select count(*) as n from rotations where application_id = ?").get(app.id) as { n: number }).n).toBe(0);
    const [entry] = await audits(admin.tenantId, "application.removed");
    expect(entry).toMatchObject({ actorId: admin.id, targetId: app.id, detail: { appId: app.appId, displayName: "Reporting Service" } });
    await expect(removeManagedApplication(db, admin, { applicationId: app.id })).rejects.toThrow(expect.objectContaining({ code: "not_found" }));
  });
});

describe("sync with Entra", () => {
  it("restores display names and owners from Graph: one list call, then one owners call per application", async () => {
    const db = await getDb();
    for (const key of ["payments-api", "legacy-batch"]) await addManagedApplication(db, admin, { appId: seededApp(key).appId });
    const payments = (await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: seededApp("payments-api").appId }))!;
    // Entra changed since: a rename and a new owner there, a departed owner here.
    db.$client.prepare("update applications set display_name = 'Old name' where id = ?").run(payments.id);
    db.$client.prepare("insert into application_owners (application_id, owner_oid, synced_at) values (?, 'departed-oid', 0)").run(payments.id);
    const managed = await listTenantApplications(db, { tenantId: admin.tenantId });

    const graphCalls = watchGraph();
    const summary = await syncManagedApplications(db, admin);
    const calls = graphCalls();
    expect(calls.filter((c) => c.includes("/ownedObjects/"))).toHaveLength(1);
    expect(calls.filter((c) => c.endsWith("/owners")).sort()).toEqual(managed.map((a) => `GET /graph/v1.0/applications/${a.objectId}/owners`).sort());
    expect(calls).toHaveLength(1 + managed.length);

    expect(summary).toEqual({ checked: managed.length, renamed: 1, ownersChanged: 1, notOwned: [], failed: [] });
    expect((await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: payments.appId }))!.displayName).toBe("Payments API");
    expect(await listOwnerOids(db, { applicationId: payments.id })).toEqual(userOwners("payments-api"));
    const [entry] = await audits(admin.tenantId, "applications.synced");
    expect(entry).toMatchObject({ actorId: admin.id, detail: { checked: managed.length, renamed: 1, ownersChanged: 1, notOwned: 0, failed: 0 } });
    expect((entry!.detail as { changes: string[] }).changes[0]).toBe(`${managed.length} applications checked`);
  });

  it("leaves an application the service principal no longer owns as it is, and says so", async () => {
    const db = await getDb();
    const hr = seededApp("hr-portal");
    const row = await insertApplication(db, { id: randomUUID(), tenantId: admin.tenantId, appId: hr.appId, objectId: hr.objectId, displayName: "HR Portal", createdBy: admin.id });
    const summary = await syncManagedApplications(db, admin);
    expect(summary.notOwned).toEqual(["HR Portal"]);
    expect(await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: hr.appId })).toMatchObject({ id: row.id, displayName: "HR Portal" });
    db.$client.prepare("delete from applications where id = ?").run(row.id);
  });

  it("is for admins, and touches only the caller's tenant", async () => {
    const db = await getDb();
    await expect(syncManagedApplications(db, owner)).rejects.toMatchObject({ code: "forbidden" });
    const graphCalls = watchGraph();
    expect(await syncManagedApplications(db, nadia)).toEqual({ checked: 0, renamed: 0, ownersChanged: 0, notOwned: [], failed: [] });
    expect(graphCalls()).toEqual([]); // nothing managed in Northwind: nothing to ask
    expect((await listTenantApplications(db, { tenantId: admin.tenantId })).length).toBeGreaterThan(0);
  });

  it("runs at most OWNER_LOOKUPS_IN_FLIGHT owner look-ups at once, keeps order and settles each", async () => {
    expect(OWNER_LOOKUPS_IN_FLIGHT).toBe(4);
    let inFlight = 0;
    let peak = 0;
    const results = await mapSettledWithLimit(Array.from({ length: 11 }, (_, i) => i), OWNER_LOOKUPS_IN_FLIGHT, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((done) => setTimeout(done, 5 + (i % 3) * 5));
      inFlight--;
      if (i === 7) throw new Error("seven");
      return i * 2;
    });
    expect(peak).toBe(4);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "x"))).toEqual([0, 2, 4, 6, 8, 10, 12, "x", 16, 18, 20]);
    expect(APPS.length).toBeGreaterThan(4);
  });
});

describe("binding, policy and rotating into a connection need live Entra ownership, admins included", () => {
  it("refuses an admin who does not own the application, with the reason; an admin who owns it and an owner pass", async () => {
    const { requireLiveOwner } = await import("@/lib/applications/access");
    const { devopsContext } = await import("@/lib/applications/devops-context");
    const { manage } = await import("../support/applications");
    const db = await getDb();
    const nonOwnerAdmin = await currentUser("contoso-admin-nonowner");
    expect(nonOwnerAdmin.role).toBe("admin");
    await manage("legacy-batch");
    await manage("container-builds");
    const legacy = (await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: seededApp("legacy-batch").appId }))!;
    const builds = (await getApplicationByAppId(db, { tenantId: admin.tenantId, appId: seededApp("container-builds").appId }))!;

    for (const notOwner of [nonOwnerAdmin, admin]) {
      await expect(requireLiveOwner(notOwner, legacy)).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/Only an owner of Legacy Batch in Entra ID can bind/) });
    }
    // The dialog's first look-up says so before any Azure DevOps call.
    await expect(devopsContext(nonOwnerAdmin, legacy.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(devopsContext(nonOwnerAdmin, builds.id)).rejects.toMatchObject({ code: "forbidden" });
    // Adele co-owns Container Builds in Entra ID; Omar owns both.
    await expect(requireLiveOwner(admin, builds)).resolves.toBeUndefined();
    await expect(devopsContext(admin, builds.id)).resolves.toMatchObject({ application: { id: builds.id } });
    await expect(requireLiveOwner(owner, legacy)).resolves.toBeUndefined();
    // Someone who is not an admin and not an owner learns nothing more than "not found".
    const nina = await currentUser("contoso-noconsent");
    await expect(requireLiveOwner(nina, builds)).rejects.toMatchObject({ code: "not_found" });
  });
});
