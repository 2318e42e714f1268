import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { listAuditActors, listAuditApplications, searchAudit, writeAudit } from "@/db/queries/audit";
import { ensureTenant } from "@/db/queries/tenants";
import { applications } from "@/db/schema";
import { csvCell, exportAuditLog } from "@/lib/audit/export";
import { auditFilterOptions, searchAuditLog, toQuery } from "@/lib/audit/search";
import { auditFilterSchema } from "@/lib/validations/audit";

const CONTOSO = "6a1d2c3b-0f4e-4c5d-9e8f-7a6b5c4d3e21";
const NORTHWIND = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71";
const admin = { tenantId: CONTOSO, role: "admin" };
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10, 12); // 10 January 2026, noon UTC

/**
 * 120 Contoso entries over 12 days (10 a day, two actors, two applications, one removed), and
 * Northwind entries that must never show.
 */
async function seeded(): Promise<Db> {
  const db = await openDatabase(join(mkdtempSync(join(tmpdir(), "rotor-audit-search-")), "rotor.db"));
  await ensureTenant(db, { tenantId: CONTOSO, name: "Contoso" });
  await ensureTenant(db, { tenantId: NORTHWIND, name: "Northwind" });
  db.insert(applications).values({ id: "app-pay", tenantId: CONTOSO, appId: "a-pay", objectId: "o-pay", displayName: "Payments API" }).run();
  for (let i = 0; i < 120; i++) {
    const day = Math.floor(i / 10);
    const rotation = i % 3 === 0;
    await writeAudit(db, {
      tenantId: CONTOSO,
      at: new Date(T0 + day * DAY + (i % 10) * 60_000),
      actor: i % 2 ? { type: "user", id: "u-adele", name: "Adele Vance" } : { type: "api_key", id: "k-1", name: "API key “nightly”" },
      action: rotation ? "rotation.succeeded" : "application.settings_updated",
      target: { type: "application", id: i % 4 === 0 ? "app-gone" : "app-pay" },
      detail: { application: i % 4 === 0 ? "Old Batch" : "Payments API", changes: [`change ${i}`] },
    });
  }
  await writeAudit(db, { tenantId: CONTOSO, at: new Date(T0), actor: { type: "system", id: null, name: "Rotor" }, action: "applications.synced" });
  await writeAudit(db, { tenantId: NORTHWIND, at: new Date(T0), actor: { type: "user", id: "u-nadia", name: "Nadia Wong" }, action: "rotation.succeeded", target: { type: "application", id: "app-pay" } });
  return db;
}

const parse = (query: Record<string, string | string[]>) => {
  const parsed = auditFilterSchema.safeParse(query);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join(" "));
  return parsed.data;
};

describe("audit log filters and paging", async () => {
  const db = await seeded();
  const names = (await auditFilterOptions(db, admin)).applicationNames;

  it("pages newest first with the total; a page past the end shows the last one", async () => {
    const first = await searchAuditLog(db, admin, parse({}), names);
    expect(first).toMatchObject({ total: 121, page: 1, pages: 3, pageSize: 50 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.details).toBe("change 119");
    const third = await searchAuditLog(db, admin, parse({ page: "3" }), names);
    expect(third.rows).toHaveLength(21);
    const beyond = await searchAuditLog(db, admin, parse({ page: "99" }), names);
    expect(beyond.page).toBe(3);
    expect(beyond.rows.map((r) => r.id)).toEqual(third.rows.map((r) => r.id));
    // Every entry exactly once across the pages.
    const all: number[] = [];
    for (const page of [1, 2, 3]) all.push(...(await searchAuditLog(db, admin, parse({ page: String(page) }), names)).rows.map((r) => r.id));
    expect(new Set(all).size).toBe(121);
  });

  it("filters by action, actor, application and their combination, server-side, in one tenant", async () => {
    const count = async (query: Record<string, string>) => (await searchAuditLog(db, admin, parse(query), names)).total;
    expect(await count({ action: "rotation.succeeded" })).toBe(40);
    expect(await count({ actor: "user:u-adele" })).toBe(60);
    expect(await count({ actor: "api_key:k-1" })).toBe(60);
    expect(await count({ actor: "system:Rotor" })).toBe(1);
    expect(await count({ actor: "user:u-nadia" })).toBe(0); // Northwind's
    expect(await count({ application: "app-pay" })).toBe(90);
    expect(await count({ application: "app-gone" })).toBe(30);
    expect(await count({ action: "rotation.succeeded", actor: "user:u-adele", application: "app-pay" })).toBe(
      Array.from({ length: 120 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 2 === 1 && i % 4 !== 0).length,
    );
    const row = (await searchAuditLog(db, admin, parse({ application: "app-gone" }), names)).rows[0]!;
    expect(row).toMatchObject({ application: "Old Batch", actionLabel: expect.any(String), applicationId: "app-gone" });
  });

  it("takes a date range as whole days in the browser's time zone, both days included", async () => {
    const count = async (query: Record<string, string>) => (await searchAuditLog(db, admin, parse(query), names)).total;
    expect(await count({ from: "2026-01-10", to: "2026-01-10" })).toBe(11); // 10 + the sync, at noon UTC
    expect(await count({ from: "2026-01-12", to: "2026-01-13" })).toBe(20);
    expect(await count({ from: "2026-01-21" })).toBe(10);
    expect(await count({ to: "2026-01-09" })).toBe(0);
    // Noon UTC on the 10th is already the 11th in Auckland (UTC+13 in January).
    expect(await count({ from: "2026-01-11", to: "2026-01-11", tz: "Pacific/Auckland" })).toBe(11);
    expect(toQuery(CONTOSO, parse({ from: "2026-01-11", to: "2026-01-11", tz: "Pacific/Auckland" }))).toMatchObject({
      from: new Date("2026-01-10T11:00:00Z"),
      to: new Date("2026-01-11T11:00:00Z"),
    });
    // A DST change inside the day (New York, 8 March 2026): 23 hours long.
    const dst = toQuery(CONTOSO, parse({ from: "2026-03-08", to: "2026-03-08", tz: "America/New_York" }));
    expect(dst.from).toEqual(new Date("2026-03-08T05:00:00Z"));
    expect(dst.to).toEqual(new Date("2026-03-09T04:00:00Z"));
  });

  it("refuses filters it cannot read with a sentence per field", () => {
    const problems = (query: Record<string, string | string[]>) => {
      const parsed = auditFilterSchema.safeParse(query);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    };
    expect(problems({ from: "2026-02-30" })).toEqual(["From: use a date like 2026-12-03."]);
    expect(problems({ from: "2026-02-01", to: "2026-01-01" })).toEqual(["To: pick a day on or after From."]);
    expect(problems({ action: ["a.b", "c.d"] })).toEqual(["Action: give it once."]);
    expect(problems({ actor: "admin' OR 1=1" })).toEqual(["Who: pick someone from the list."]);
    expect(problems({ application: "../../etc" })).toEqual(["Application: pick one from the list."]);
    expect(problems({ tz: "Mars/Olympus" })).toEqual(["Time zone: not one this browser could have sent."]);
    expect(problems({ page: "0" })).toEqual(["Page: a whole number from 1."]);
    expect(problems({ page: "1e3" })).toEqual(["Page: a whole number from 1."]);
    expect(problems({ action: "", actor: " ", from: "" })).toEqual([]);
  });

  it("offers the actors and applications of the tenant's own log, removed applications by their recorded name", async () => {
    expect((await listAuditActors(db, { tenantId: CONTOSO })).map((a) => a.name)).toEqual(["Adele Vance", "API key “nightly”", "Rotor"]);
    expect(await listAuditApplications(db, { tenantId: CONTOSO })).toEqual([
      { id: "app-gone", name: "Old Batch (removed)" },
      { id: "app-pay", name: "Payments API" },
    ]);
    expect((await searchAudit(db, { tenantId: NORTHWIND }, { offset: 0, limit: 10 })).total).toBe(1);
  });

  it("exports what the filters match, oldest first, with the chain; refuses non-admins", async () => {
    const csv = await exportAuditLog(db, admin, parse({ action: "rotation.succeeded", from: "2026-01-10", to: "2026-01-11" }), "csv");
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + 7); // i = 0, 3, 6, 9 on the 10th; 12, 15, 18 on the 11th
    expect(csv.filename).toBe("rotor-audit-2026-01-10_to_2026-01-11.csv");
    expect(lines[1]).toMatch(/^1,\d+,2026-01-10T12:00:00\.000Z,api_key,k-1,API key “nightly”,rotation\.succeeded,Rotation succeeded,Old Batch,application,app-gone,change 0,"\{""application"":""Old Batch"",""changes"":\[""change 0""\]\}",0{64},[0-9a-f]{64}$/);
    const json = JSON.parse((await exportAuditLog(db, admin, parse({}), "json")).body) as { chain: { holds: boolean; head: { seq: number } }; entries: unknown[] };
    expect(json.chain).toMatchObject({ holds: true, head: { seq: 121 } });
    expect(json.entries).toHaveLength(121);
    await expect(exportAuditLog(db, { tenantId: CONTOSO, role: "member" }, parse({}), "csv")).rejects.toThrow("Only tenant admins");
    expect([csvCell("=HYPERLINK(\"x\")"), csvCell("+1"), csvCell("-2"), csvCell("@x"), csvCell("a,b"), csvCell(-3), csvCell(null)]).toEqual([
      `"'=HYPERLINK(""x"")"`,
      "'+1",
      "'-2",
      "'@x",
      '"a,b"',
      "-3",
      "",
    ]);
  });
});
