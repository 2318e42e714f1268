import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TENANTS } from "../emulator/seed";
import { AuditPage } from "./pages/audit";
import { Portal } from "./pages/portal";
import { E2E } from "./stack-config";
import { query } from "./support/db";
import { callAction, manifestActions, resultOf } from "./support/server-actions";

/**
 * The audit log as a tenant admin reads it, at desktop (1366 px) and phone (390 px) width: filters,
 * paging with a total, CSV and JSON export of what the filters match, the hash chain's status
 * (and where it breaks when a row is edited in the database file), times in the browser's zone.
 */
const CONTOSO = TENANTS.contoso.id;
const synced = () => query<{ n: number }>("select count(*) as n from audit_log where tenant_id = ? and action = 'applications.synced'", CONTOSO)[0]!.n;

/** At least `n` "Synced applications" entries in Contoso, made the way an admin makes them. */
async function ensureSyncEntries(page: Page, n: number) {
  const sync = [...manifestActions().values()].find((a) => a.name === "syncApplications")!;
  while (synced() < n) expect(resultOf(await callAction(page.request, sync, [{}]))).toMatchObject({ ok: true });
}

/** True when the page itself scrolls sideways (only the table's own box may). */
const pageOverflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

for (const [size, viewport] of [
  ["1366", { width: 1366, height: 900 }],
  ["390", { width: 390, height: 844 }],
] as const) {
  test.describe(`the audit log at ${size} px`, () => {
    test.use({ viewport, timezoneId: "America/New_York" });

    test("filters by action, pages through the total, and shows times in the browser's zone with UTC on hover", async ({ page }) => {
      test.setTimeout(120_000);
      await new Portal(page).signInAs("adele@contoso.example");
      await ensureSyncEntries(page, 55);
      const audit = new AuditPage(page);
      await audit.open();
      await expect(audit.chainStatus()).toContainText("The log is intact");
      expect(await pageOverflows(page), "the page fits the viewport").toBe(false);
      await page.screenshot({ path: `test-results/screens/audit-${size}.png`, fullPage: true });

      await audit.filter({ action: "Synced applications with Entra ID" });
      const total = synced();
      await expect(audit.summary()).toHaveText(`Matching entries 1–50 of ${total.toLocaleString("en")}`);
      await expect(audit.rows()).toHaveCount(50);
      for (const text of await audit.rows().locator("td:nth-child(3)").allInnerTexts()) expect(text).toBe("Synced applications with Entra ID");
      await expect(audit.filters().getByLabel("Action")).toHaveValue("applications.synced");

      // Eastern time on screen, UTC in the title.
      const time = audit.rows().first().locator("time");
      await expect(time).toHaveText(/(GMT-[45]|E[SD]T)$/);
      await expect(time).toHaveAttribute("title", / UTC$/);

      // Keyboard: the table's scroll box and the pager are reachable and labelled.
      const region = page.getByRole("region", { name: /Audit entries/ });
      await region.focus();
      await expect(region).toBeFocused();
      if (size === "390") expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth), "the table scrolls inside its card").toBe(true);
      await audit.pager().getByRole("link", { name: "Next" }).focus();
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/page=2/);
      await expect(audit.summary()).toHaveText(`Matching entries 51–${Math.min(100, total)} of ${total.toLocaleString("en")}`);
      await expect(audit.pager()).toContainText(`Page 2 of ${Math.ceil(total / 50)}`);
      await expect(audit.filters().getByLabel("Action")).toHaveValue("applications.synced");
      await page.screenshot({ path: `test-results/screens/audit-${size}-page-2.png`, fullPage: true });
    });

    test("a date range with nothing in it, and filters it cannot read, say so without failing", async ({ page }) => {
      await new Portal(page).signInAs("adele@contoso.example");
      const audit = new AuditPage(page);
      await audit.open();
      await audit.filter({ from: "2099-01-01", to: "2099-01-31" });
      await expect(page.getByRole("heading", { name: "No entries match these filters" })).toBeVisible();
      await expect(audit.summary()).toHaveText("No entries");
      await page.getByRole("link", { name: "Clear filters" }).click();
      await expect(page).toHaveURL(/\/audit$/);

      const response = await page.goto("/audit?from=2026-13-45&to=yesterday&action=a&action=b&actor=' OR 1=1");
      expect(response?.status()).toBe(200);
      const problems = page.getByRole("alert").filter({ hasText: "These filters could not be applied" });
      await expect(problems).toContainText("From: use a date like 2026-12-03.");
      await expect(problems).toContainText("To: use a date like 2026-12-03.");
      await expect(problems).toContainText("Action: give it once.");
      await expect(problems).toContainText("Who: pick someone from the list.");
      await expect(audit.filters().getByLabel("From")).toHaveAttribute("aria-invalid", "true");
      await expect(audit.table()).toHaveCount(0);
      expect(await pageOverflows(page)).toBe(false);
      await page.screenshot({ path: `test-results/screens/audit-${size}-bad-filters.png`, fullPage: true });
      const reversed = await page.goto("/audit?from=2026-02-01&to=2026-01-01");
      expect(reversed?.status()).toBe(200);
      await expect(page.getByRole("alert").filter({ hasText: "To: pick a day on or after From." })).toBeVisible();
    });
  });
}

test.describe("the audit log's export and chain", () => {
  test("exports what the filters match as CSV (a download) and JSON, with the chain's state", async ({ page }) => {
    test.setTimeout(90_000);
    await new Portal(page).signInAs("adele@contoso.example");
    await ensureSyncEntries(page, 55);
    const audit = new AuditPage(page);
    await audit.open();
    await audit.filter({ action: "Synced applications with Entra ID", actor: "Adele Vance" });
    const expected = query<{ n: number }>("select count(*) as n from audit_log a join users u on u.id = a.actor_id where a.tenant_id = ? and a.action = 'applications.synced' and u.email = 'adele@contoso.example'", CONTOSO)[0]!.n;

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("rotor-audit-start_to_now.csv");
    const csv = readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
    expect(csv[0]).toBe("seq,id,time_utc,actor_type,actor_id,actor,action,action_label,application,target_type,target_id,details,detail_json,prev_hash,hash");
    expect(csv).toHaveLength(expected + 1);
    for (const line of csv.slice(1)) expect(line).toMatch(/,Adele Vance,applications\.synced,Synced applications with Entra ID,/);

    const json = page.getByRole("link", { name: "Export JSON" });
    const href = (await json.getAttribute("href"))!;
    expect(href).toContain("format=json");
    const body = (await (await page.request.get(href)).json()) as { tenant: { id: string }; chain: { holds: boolean; head: { seq: number } }; entries: { action: string; hash: string; seq: number }[] };
    expect(body.tenant.id).toBe(CONTOSO);
    expect(body.chain.holds).toBe(true);
    expect(body.entries).toHaveLength(expected);
    expect(new Set(body.entries.map((e) => e.action))).toEqual(new Set(["applications.synced"]));
    expect(body.entries.map((e) => e.seq)).toEqual([...body.entries.map((e) => e.seq)].sort((a, b) => a - b)); // oldest first, the chain's order

    // A range in the browser's time zone: today only.
    const today = await page.evaluate(() => new Date().toLocaleDateString("en-CA"));
    const todays = await page.request.get(`/audit/export?format=json&from=${today}&to=${today}&tz=${encodeURIComponent("America/New_York")}`);
    expect(todays.status()).toBe(200);
    const bad = await page.request.get("/audit/export?format=xml&from=tomorrow");
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toBe("The export was not made. From: use a date like 2026-12-03. Format: csv or json.");
  });

  test("editing one row in the database file shows where the chain breaks; restoring it heals it", async ({ page }) => {
    await new Portal(page).signInAs("nadia@northwind.example");
    const audit = new AuditPage(page);
    const db = new Database(join(E2E.dataDir, "rotor.db"));
    db.pragma("busy_timeout = 5000");
    const row = db.prepare("select id, seq, actor_name as name from audit_log where tenant_id = ? order by seq limit 1").get(TENANTS.northwind.id) as { id: number; seq: number; name: string };
    try {
      db.prepare("update audit_log set actor_name = 'Someone else' where id = ?").run(row.id);
      await audit.open();
      await expect(audit.chainStatus()).toContainText("The log was changed outside Rotor.");
      await expect(audit.chainStatus()).toContainText(`The chain breaks at entry #${row.seq}`);
      await expect(audit.chainStatus()).toContainText("its content does not match its hash");
      await expect(audit.rows().filter({ hasText: "The chain breaks here" })).toContainText("Someone else");
      await page.screenshot({ path: "test-results/screens/audit-chain-broken.png", fullPage: true });
    } finally {
      db.prepare("update audit_log set actor_name = ? where id = ?").run(row.name, row.id);
      db.close();
    }
    await audit.open();
    await expect(audit.chainStatus()).toContainText("The log is intact");
  });
});
