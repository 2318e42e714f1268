import { beforeAll, describe, expect, it } from "vitest";
import { APPS, EMBEDDED_BOOTSTRAP_ADMINS } from "../../emulator/seed";
import { currentUser, mark, requestsSince, useTestEmulator } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_BOOTSTRAP_ADMINS = EMBEDDED_BOOTSTRAP_ADMINS.join(",");
process.env.LOG_LEVEL = "error";
const { getDb } = await import("@/db");
const { addManagedApplication } = await import("@/lib/applications/add-application");
const { refreshTenantSnapshots } = await import("@/lib/applications/credential-snapshots");
const { replaceUnmanagedSnapshots, listUnmanagedSnapshots } = await import("@/db/queries/unmanaged-snapshots");
const { loadExpiryOverview } = await import("@/lib/expiry/load-overview");
const { exportExpiryOverview } = await import("@/lib/expiry/export-overview");
const { expiryFilterSchema } = await import("@/lib/validations/expiry");
const { rotations } = await import("@/db/schema");
const { listOwnedApplications } = await import("@/lib/azure/graph");
type CurrentUser = import("@/lib/auth/current-user").CurrentUser;

const app = (key: string) => APPS.find((a) => a.key === key)!;
const graphCalls = async (since: number) => (await requestsSince(since)).filter((r) => r.path.startsWith("/graph/"));
const all = expiryFilterSchema.parse({});

let admin: CurrentUser;
let owner: CurrentUser;
let guest: CurrentUser;
let nadia: CurrentUser;
let paymentsId: string;
/**
 * Days until each owned application's soonest secret ends, as Entra ID says now. The emulator is
 * shared by every test file and earlier ones rotate seeded applications (Legacy Batch's 3-day secret
 * may be gone), so the expected order comes from Graph, not from the seed.
 */
let soonestDays: Map<string, number>;
const bySoonest = (names: string[]) => [...names].sort((a, b) => soonestDays.get(a)! - soonestDays.get(b)! || a.localeCompare(b));
const within = (days: number, names: string[]) => bySoonest(names.filter((n) => soonestDays.get(n)! <= days));
const CONTOSO_OWNED = ["Legacy Batch", "Payments API", "Ledger Sync", "Container Builds", "Reporting Service"];

beforeAll(async () => {
  admin = await currentUser("contoso-admin");
  owner = await currentUser("contoso-owner");
  guest = await currentUser("contoso-guest");
  nadia = await currentUser("northwind-admin");
  const db = await getDb();
  // Rotor manages Payments API (Omar's) and Legacy Batch; Container Builds, Reporting Service and Ledger Sync stay unmanaged.
  paymentsId = (await addManagedApplication(db, admin, { appId: app("payments-api").appId })).id;
  await addManagedApplication(db, admin, { appId: app("legacy-batch").appId });
  await addManagedApplication(db, nadia, { appId: app("northwind-orders").appId });
  const owned = await listOwnedApplications(admin.tenantId);
  soonestDays = new Map(owned.map((a) => [a.displayName, Math.min(...a.passwordCredentials.map((c) => (Date.parse(c.endDateTime!) - Date.now()) / 86_400_000))]));
});

describe("the expiry overview (lib/expiry)", () => {
  it("a refresh stores the owned applications Rotor does not manage from the same single Graph answer", async () => {
    const before = await mark();
    await refreshTenantSnapshots(await getDb(), admin.tenantId);
    expect((await graphCalls(before)).filter((r) => r.path.includes("/ownedObjects/"))).toHaveLength(1);
    const unmanaged = (await listUnmanagedSnapshots(await getDb(), { tenantId: admin.tenantId })).map((u) => u.displayName).sort();
    expect(unmanaged).toEqual(["Container Builds", "Ledger Sync", "Reporting Service"]);
    await refreshTenantSnapshots(await getDb(), nadia.tenantId);
  });

  it("admins see every owned application, managed or not, with counts and a 90-day chart — and no Graph call", async () => {
    const before = await mark();
    const data = await loadExpiryOverview(await getDb(), admin, all);
    expect(await graphCalls(before)).toEqual([]);
    const names = data.rows.map((r) => r.displayName);
    // Soonest first (as seeded: Legacy Batch 3 days, Payments API 12, Ledger Sync 45, Container Builds 75, Reporting Service 160).
    expect(names).toEqual(bySoonest(CONTOSO_OWNED));
    expect(data.rows.filter((r) => !r.managed).map((r) => r.displayName).sort()).toEqual(["Container Builds", "Ledger Sync", "Reporting Service"]);
    expect(names).not.toContain("Northwind Orders");
    expect(data.counts).toMatchObject({ applications: 5, unmanaged: 3, failing: 0, expired: 0 });
    expect(data.counts.soon).toBe(data.rows.flatMap((r) => r.secrets ?? []).filter((s) => s.daysLeft > 0 && s.daysLeft <= 30).length);
    expect(data.counts.soon).toBeGreaterThan(0);
    expect(data.chart).toHaveLength(13);
    const charted = data.chart.reduce((n, w) => n + w.managed + w.unmanaged, 0);
    expect(charted).toBe(data.rows.flatMap((r) => r.secrets ?? []).filter((s) => s.daysLeft <= 90).length);
    // Managed and scheduled: the next rotation is known; unmanaged: none.
    const payments = data.rows.find((r) => r.displayName === "Payments API")!;
    expect(payments.managed).toBe(true);
    expect(data.rows.find((r) => r.displayName === "Ledger Sync")!.nextRotation).toBeNull();
  });

  it("an application added since the last refresh is listed once, as managed", async () => {
    const db = await getDb();
    await addManagedApplication(db, admin, { appId: app("ledger-sync").appId });
    const rows = (await loadExpiryOverview(db, admin, all)).rows.filter((r) => r.displayName === "Ledger Sync");
    expect(rows.map((r) => r.managed)).toEqual([true]);
    await refreshTenantSnapshots(db, admin.tenantId);
    expect((await listUnmanagedSnapshots(db, { tenantId: admin.tenantId })).map((u) => u.displayName).sort()).toEqual(["Container Builds", "Reporting Service"]);
  });

  it("anyone else sees only the managed applications they own; another tenant's admin only theirs", async () => {
    expect((await loadExpiryOverview(await getDb(), owner, all)).rows.map((r) => r.displayName).sort()).toEqual(["Ledger Sync", "Legacy Batch", "Payments API"]);
    const gus = await loadExpiryOverview(await getDb(), guest, all);
    expect(gus.rows).toEqual([]);
    expect(gus.total).toBe(0);
    expect((await loadExpiryOverview(await getDb(), nadia, all)).rows.map((r) => r.displayName)).toEqual(["Northwind Orders"]);
    // Filters from the query string cannot widen what a person sees.
    expect((await loadExpiryOverview(await getDb(), owner, expiryFilterSchema.parse({ managed: "unmanaged" }))).rows).toEqual([]);
  });

  it("filters: expiring within, managed or not, failing", async () => {
    const db = await getDb();
    const names = async (q: Record<string, string>) => (await loadExpiryOverview(db, admin, expiryFilterSchema.parse(q))).rows.map((r) => r.displayName);
    expect(await names({ within: "14" })).toEqual(within(14, CONTOSO_OWNED));
    expect(await names({ within: "14" })).toContain("Payments API");
    expect(await names({ within: "7" })).toEqual(within(7, CONTOSO_OWNED));
    expect(await names({ managed: "unmanaged", within: "90" })).toEqual(within(90, ["Container Builds", "Reporting Service"]));
    expect(await names({ managed: "managed", within: "90" })).toEqual(within(90, ["Legacy Batch", "Payments API", "Ledger Sync"]));
    expect(await names({ failing: "1" })).toEqual([]);
    await db.insert(rotations).values({ id: "rot-expiry-failed", tenantId: admin.tenantId, applicationId: paymentsId, trigger: "manual", requestedBy: "system", state: "failed", failureReason: "Entra ID refused the new secret.", createdAt: new Date(), finishedAt: new Date() } as typeof rotations.$inferInsert);
    expect(await names({ failing: "1" })).toEqual(["Payments API"]);
    const failing = (await loadExpiryOverview(db, admin, all)).rows.find((r) => r.displayName === "Payments API")!;
    expect(failing.lastResult).toMatchObject({ state: "failed", failureReason: "Entra ID refused the new secret." });
    expect((await loadExpiryOverview(db, admin, all)).counts.failing).toBe(1);
  });

  it("hostile filters are refused with a sentence, never applied", () => {
    for (const q of [{ within: "91" }, { within: "-1" }, { within: "1e9" }, { managed: "everyone" }, { failing: "true" }, { within: ["7", "14"] }]) {
      const parsed = expiryFilterSchema.safeParse(q);
      expect(parsed.success, JSON.stringify(q)).toBe(false);
      expect(parsed.error!.issues[0]!.message).toMatch(/^(Expiring within \(days\)|Managed|Failing): (choose one of|give it once)/);
    }
  });

  it("the CSV export: the same rows for the same person, one line per secret, formulas defused, nothing secret", async () => {
    const db = await getDb();
    // An application's name is chosen by whoever owns it in Entra ID.
    await replaceUnmanagedSnapshots(db, {
      tenantId: admin.tenantId,
      takenAt: new Date(),
      snapshots: [{ appId: "a1000000-0000-4000-8000-0000000000ff", displayName: '=HYPERLINK("https://evil.example","x")', credentials: [{ keyId: "k-1", hint: "+1-", displayName: "@SUM(A1)", startDateTime: new Date().toISOString(), endDateTime: new Date(Date.now() + 5 * 86_400_000).toISOString() }] }],
    });
    const file = await exportExpiryOverview(db, admin, all);
    const lines = file.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Application,Application (client) ID,Managed,Secret,Hint,Key ID,Expires (UTC),Days left,Next rotation (UTC),Last result,Last result at (UTC),Failure reason");
    const evil = lines.find((l) => l.includes("HYPERLINK"))!;
    expect(evil.startsWith(`"'=HYPERLINK(""https://evil.example"",""x"")"`)).toBe(true);
    expect(evil).toContain(",'@SUM(A1),'+1-,");
    expect(file.body).not.toMatch(/secretText/i);
    const mine = await exportExpiryOverview(db, owner, all);
    expect(mine.body).not.toContain("HYPERLINK");
    expect(mine.body).toContain(app("payments-api").appId);
    expect(mine.body).not.toContain(app("container-builds").appId);
    expect((await exportExpiryOverview(db, nadia, all)).body).not.toContain("a1000000-");
  });
});
