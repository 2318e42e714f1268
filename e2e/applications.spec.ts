import { expect, test, type Page, type Request } from "@playwright/test";
import Database from "better-sqlite3";
import { join } from "node:path";
import { APPS, TENANTS, USERS } from "../emulator/seed";
import { ApplicationsPage } from "./pages/applications";
import { Portal } from "./pages/portal";
import { E2E, EMULATOR_HTTP } from "./stack-config";

/**
 * The Applications page. Other specs share this stack (and run before or after this one), so this
 * spec sets up what it needs through the UI and leaves Payments API, Container Builds and
 * Reporting Service added; it removes Legacy Batch.
 */

const FOUR = ["Payments API", "Container Builds", "Reporting Service", "Legacy Batch"];
const seed = (name: string) => APPS.find((a) => a.displayName === name)!;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(E2E.dataDir, "rotor.db"), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const contosoApps = () => query<{ id: string; app_id: string; display_name: string }>("select id, app_id, display_name from applications where tenant_id = ? order by display_name", TENANTS.contoso.id);
const appsIn = (tenantId: string) => query<{ app_id: string }>("select app_id from applications where tenant_id = ?", tenantId).map((r) => r.app_id);
const auditCount = (action: string) => query<{ n: number }>("select count(*) as n from audit_log where action = ?", action)[0]!.n;

/** A server action request the admin's browser sent, to replay as someone else (a forged call). */
type Recorded = { url: string; headers: Record<string, string>; body: string };
const recorded: Partial<Record<"add" | "remove" | "sync", Recorded>> = {};

async function recordAction(page: Page, name: keyof typeof recorded, act: () => Promise<void>) {
  const request = page.waitForRequest((r: Request) => r.method() === "POST" && !!r.headers()["next-action"]);
  await act();
  const r = await request;
  const headers = r.headers();
  recorded[name] = {
    url: r.url(),
    headers: { "next-action": headers["next-action"]!, "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8", accept: "text/x-component" },
    body: r.postData()!,
  };
}

async function replay(page: Page, name: keyof typeof recorded, args: Record<string, unknown>): Promise<string> {
  const call = recorded[name];
  expect(call, `the ${name} action was recorded`).toBeDefined();
  const response = await page.request.post(call!.url, { headers: call!.headers, data: JSON.stringify([args]) });
  return response.text();
}

test.describe.serial("Applications", () => {
  test("a new admin is told what to do, and the picker offers only their tenant's applications", async ({ page }) => {
    await new Portal(page).signInAs("nadia@northwind.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    await expect(apps.emptyState()).toBeVisible();
    const main = page.getByRole("main");
    await expect(main).toContainText("add Rotor's service principal");
    await expect(main).toContainText("Choose Add application above and pick it.");
    await expect(main).toContainText("1 application is ready to add.");
    await expect(main).not.toContainText("Payments API");
    await page.screenshot({ path: "test-results/screens/applications-empty.png", fullPage: true });

    await apps.addButton().focus();
    await page.keyboard.press("Enter");
    await expect(apps.addDialog()).toBeVisible();
    await expect(apps.addDialog().getByRole("list", { name: "Applications you can add" }).getByRole("listitem")).toHaveText([/Northwind Orders/]);
    await page.keyboard.press("Escape");
    await expect(apps.addDialog()).toBeHidden();
    await expect(apps.addButton()).toBeFocused();
  });

  test("the admin adds Payments API, Container Builds, Reporting Service and Legacy Batch", async ({ page }) => {
    // Five adds, each asking Entra ID for the list when the dialog opens: more than the default budget on the shared machine.
    test.slow();
    await new Portal(page).signInAs("adele@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    // Start from a known state: another spec may have added Legacy Batch already.
    if ((await apps.row("Legacy Batch").count()) > 0) await apps.remove("Legacy Batch");

    await apps.openAddDialog();
    const picker = apps.addDialog();
    await expect(picker.getByRole("button", { name: "Add Legacy Batch", exact: true })).toBeVisible();
    await expect(picker).not.toContainText("HR Portal");
    await expect(picker).not.toContainText("Northwind Orders");
    await page.screenshot({ path: "test-results/screens/applications-add-dialog.png" });
    await recordAction(page, "add", () => picker.getByRole("button", { name: "Add Legacy Batch", exact: true }).click());
    await expect(picker.getByRole("status")).toContainText("Legacy Batch added");
    await expect(picker.getByRole("button", { name: "Add Legacy Batch", exact: true })).toHaveCount(0);
    await page.keyboard.press("Escape");

    for (const name of FOUR) await apps.addApplication(name);
    expect(contosoApps().map((a) => a.display_name)).toEqual(expect.arrayContaining(FOUR));

    // Adding it again (a stale tab, a double click) is a clear error and changes nothing.
    const before = contosoApps().length;
    const again = await replay(page, "add", { appId: seed("Legacy Batch").appId });
    expect(again).toContain("Legacy Batch is already managed by Rotor.");
    expect(contosoApps()).toHaveLength(before);
  });

  test("the list is sorted by soonest expiry, sorts by name, searches, and keeps both in the URL", async ({ page }) => {
    // Only Rotor's own pages count (the emulator's sign-in page has no favicon).
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && message.location().url.startsWith(`http://localhost:${E2E.appPort}`)) consoleErrors.push(message.text());
    });
    await new Portal(page).signInAs("adele@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    await expect(apps.table()).toBeVisible();
    const names = await apps.names();
    expect(names.filter((n) => FOUR.includes(n))).toHaveLength(4);
    expect(names[0]).toBe("Legacy Batch");
    const legacy = apps.row("Legacy Batch");
    await expect(legacy).toContainText("3 days left");
    await expect(legacy).toContainText("Rotates 30 days before expiry");
    await expect(legacy).toContainText("180-day secrets, old one kept 24 h");
    await expect(legacy).toContainText("Not bound");
    await expect(legacy).toContainText("Never rotated");
    await expect(legacy.getByText("3 days left")).toHaveClass(/amber/);
    await expect(apps.row("Reporting Service").getByText(/\d+ days left/)).not.toHaveClass(/amber|red/);
    // The order follows each application's latest secret expiry.
    const latest = await apps.table().getByRole("row").filter({ has: page.getByTestId("application-name") }).evaluateAll((rows) =>
      rows.map((row) => Math.max(...[...row.querySelectorAll("time")].map((t) => Date.parse(t.getAttribute("datetime")!)))),
    );
    expect(latest).toEqual([...latest].sort((a, b) => a - b));
    await page.screenshot({ path: "test-results/screens/applications-list.png", fullPage: true });

    await apps.sort().selectOption({ label: "Name" });
    await expect.poll(() => apps.names()).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await expect(page).toHaveURL(/\/applications\?sort=name$/);
    await apps.search().fill("contAINer");
    await expect.poll(() => apps.names()).toEqual(["Container Builds"]);
    await expect(page.getByRole("status").filter({ hasText: "match" })).toHaveText(`1 of ${names.length} applications match`);
    await page.reload();
    await expect(apps.search()).toHaveValue("contAINer");
    await expect(apps.sort()).toHaveValue("name");
    await expect.poll(() => apps.names()).toEqual(["Container Builds"]);

    await apps.search().fill(seed("Reporting Service").appId.slice(-6));
    await expect.poll(() => apps.names()).toEqual(["Reporting Service"]);
    await apps.search().fill("no such application");
    await expect(page.getByRole("heading", { name: "No application matches “no such application”" })).toBeVisible();
    await expect(apps.table()).toBeHidden();
    await page.getByRole("button", { name: "Clear search" }).click();
    await expect.poll(() => apps.names()).toHaveLength(names.length);
    await apps.sort().selectOption({ label: "Soonest expiry" });
    await expect(page).toHaveURL(/\/applications$/);
    expect(consoleErrors, "no hydration or runtime errors in the browser").toEqual([]);
  });

  test("each application lists its owners: named from their sign-ins to Rotor, the others plainly unknown", async ({ page, browser }) => {
    // Omar signs in first, so Rotor has his name and address from his ID token.
    const omar = await browser.newPage();
    await new Portal(omar).signInAs("omar@contoso.example");
    await omar.close();
    await new Portal(page).signInAs("adele@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    // Graph tells Rotor only the owners' ids (Application.ReadWrite.OwnedBy): whoever else has not signed in in this stack is unknown.
    const signedIn = new Map(query<{ oid: string; name: string; email: string }>("select oid, name, email from users where tenant_id = ?", TENANTS.contoso.id).map((u) => [u.oid, u]));
    for (const name of ["Payments API", "Reporting Service"]) {
      const owners = apps.row(name).getByRole("list", { name: "Owners" }).getByRole("listitem");
      const expected = seed(name).owners.map((key) => USERS.find((u) => u.key === key)!.oid).sort().map((oid) => signedIn.get(oid));
      await expect(owners).toHaveText(expected.map((u) => (u ? `${u.name}${u.email}` : "Unknown owner (never signed in to Rotor)")));
    }
    await expect(apps.row("Payments API").getByRole("list", { name: "Owners" })).toContainText("Omar Owensomar@contoso.example");
    await apps.row("Reporting Service").screenshot({ path: "test-results/screens/applications-owners.png" });
  });

  test("everything works from the keyboard", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    await apps.search().focus();
    await page.keyboard.press("Tab");
    await expect(apps.sort()).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Rotate now: Legacy Batch" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Secret settings for Legacy Batch" })).toBeFocused();
    await page.keyboard.press("Tab");
    const remove = page.getByRole("button", { name: "Remove Legacy Batch from Rotor" });
    await expect(remove).toBeFocused();
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("alertdialog", { name: "Remove Legacy Batch from Rotor?" });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(confirm.getByRole("button", { name: "Remove from Rotor" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused(); // focus stays in the dialog
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    await expect(remove).toBeFocused();
    expect(contosoApps().map((a) => a.display_name)).toContain("Legacy Batch");

    await page.getByRole("button", { name: "Add application" }).focus();
    await page.keyboard.press("Enter");
    await expect(apps.addDialog()).toBeVisible();
    await expect(apps.addDialog().locator(":focus")).toHaveCount(1);
    await page.keyboard.press("Escape");
    await expect(apps.addDialog()).toBeHidden();
  });

  test("Sync with Entra refreshes names and owners and says what it did", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    const synced = auditCount("applications.synced");
    await recordAction(page, "sync", () => page.getByRole("button", { name: "Sync with Entra" }).click());
    await expect(page.getByRole("status").filter({ hasText: "Synced:" })).toContainText(/Synced: \d+ applications checked; 0 renamed; owners changed on 0\./);
    expect(auditCount("applications.synced")).toBe(synced + 1);
  });

  test("an owner sees the applications he owns, and no admin buttons", async ({ page }) => {
    await new Portal(page).signInAs("omar@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    const owned = APPS.filter((a) => a.managed && a.tenant === "contoso" && (a.owners as readonly string[]).includes("contoso-owner")).map((a) => a.displayName);
    const added = contosoApps().map((a) => a.display_name);
    expect((await apps.names()).sort()).toEqual(owned.filter((n) => added.includes(n)).sort());
    await expect(page.getByRole("button", { name: "Add application" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sync with Entra" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Secret settings for Payments API" })).toBeVisible();
  });

  test("the guest sees only Reporting Service", async ({ page }) => {
    await new Portal(page).signInAs("gus@fabrikam.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    expect(await apps.names()).toEqual(["Reporting Service"]);
    await expect(page.getByRole("button", { name: "Add application" })).toHaveCount(0);
  });

  test("the Northwind admin sees none of Contoso's applications", async ({ page }) => {
    await new Portal(page).signInAs("nadia@northwind.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    await expect(apps.emptyState()).toBeVisible();
    for (const name of FOUR) await expect(page.getByRole("main")).not.toContainText(name);
  });

  test("when Entra ID cannot be read, the page still shows every application with the secrets last read, and Refresh says why", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const fault = await page.request.post(`${EMULATOR_HTTP}/_emulator/faults`, { data: { host: "graph", path: "/ownedObjects", status: 503 } });
    const { id } = (await fault.json()) as { id: string };
    try {
      const apps = new ApplicationsPage(page);
      await apps.open();
      await expect(apps.row("Payments API")).toContainText(/\d+ days left/);
      await expect(page.getByTestId("secrets-age")).toContainText("Client secrets as read from Entra ID");
      await page.getByRole("button", { name: "Refresh secrets" }).click();
      const alert = page.getByTestId("secrets-age").getByRole("alert");
      await expect(alert).toContainText("The service is temporarily unavailable. Please retry later.");
      await expect(apps.row("Payments API")).toContainText(/\d+ days left/);
      await page.screenshot({ path: "test-results/screens/applications-entra-error.png", fullPage: true });
    } finally {
      await page.request.delete(`${EMULATOR_HTTP}/_emulator/faults/${id}`);
    }
  });

  test("a view of the page makes no Azure call (the emulator's request log); Refresh secrets makes one Graph call", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    const seq = async () => ((await (await page.request.get(`${EMULATOR_HTTP}/_emulator/requests`)).json()) as { seq: number }).seq;
    // Graph and Azure DevOps only: the stack confirms sessions with Entra ID every few seconds, whatever the page.
    const azureCalls = async (since: number) =>
      ((await (await page.request.get(`${EMULATOR_HTTP}/_emulator/requests?since=${since}`)).json()) as { value: { method: string; path: string }[] }).value
        .filter((r) => /^\/(graph|devops|app|vssps)\//.test(r.path))
        .map((r) => `${r.method} ${r.path}`);
    const before = await seq();
    await apps.open();
    await apps.open("?sort=name");
    await expect(apps.row("Payments API")).toContainText(/\d+ days left/);
    expect(await azureCalls(before)).toEqual([]);

    const refresh = await seq();
    await page.getByRole("button", { name: "Refresh secrets" }).click();
    await expect(page.getByRole("button", { name: "Refresh secrets" })).toBeEnabled();
    await expect.poll(() => azureCalls(refresh)).toEqual([expect.stringMatching(/^GET \/graph\/v1\.0\/servicePrincipals.*\/ownedObjects\/microsoft\.graph\.application$/)]);
  });

  test("the admin removes Legacy Batch after confirming, and it disappears", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    const removed = auditCount("application.removed");
    await apps.row("Legacy Batch").getByRole("button", { name: "Remove Legacy Batch from Rotor" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Remove Legacy Batch from Rotor?" });
    await expect(confirm).toContainText("Nothing is deleted in Entra ID; Rotor stops rotating it.");
    await page.screenshot({ path: "test-results/screens/applications-remove-confirm.png" });
    await recordAction(page, "remove", () => confirm.getByRole("button", { name: "Remove from Rotor" }).click());
    await expect(confirm).toBeHidden();
    await expect(apps.row("Legacy Batch")).toHaveCount(0);
    await expect(page.getByRole("status").filter({ hasText: "Legacy Batch was removed from Rotor" })).toBeVisible();
    await expect(apps.search()).toBeFocused();
    expect(contosoApps().map((a) => a.display_name)).not.toContain("Legacy Batch");
    expect(auditCount("application.removed")).toBe(removed + 1);
    // Entra ID still has it: Rotor's service principal is offered it again.
    await apps.openAddDialog();
    await expect(apps.addDialog().getByRole("button", { name: "Add Legacy Batch", exact: true })).toBeVisible();
    await page.keyboard.press("Escape");

    await page.goto("/audit");
    const audit = page.getByRole("table", { name: "Audit entries" });
    await expect(audit.getByRole("row").filter({ hasText: "Removed an application from Rotor" }).first()).toContainText("Legacy Batch");
    await expect(audit.getByRole("row").filter({ hasText: "Added an application" }).first()).toContainText("Adele Vance");
  });

  test("someone who owns nothing Rotor manages is told whom to ask", async ({ page }) => {
    // Nina owns at most Legacy Batch in Entra ID, which is no longer in Rotor.
    await new Portal(page).signInAs("nina@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    await expect(apps.emptyState()).toBeVisible();
    await expect(page.getByRole("main")).toContainText("Ask a tenant admin to add it in Rotor.");
    await expect(page.getByRole("button", { name: "Add application" })).toHaveCount(0);
    await page.screenshot({ path: "test-results/screens/applications-empty-owner.png" });
  });

  test("forged calls: an owner and another tenant's admin are refused and nothing changes", async ({ page, browser }) => {
    const before = contosoApps();
    const containerBuilds = before.find((a) => a.display_name === "Container Builds")!;
    const audits = ["application.added", "application.removed", "applications.synced"].map(auditCount);

    await new Portal(page).signInAs("omar@contoso.example");
    expect(await replay(page, "add", { appId: seed("Legacy Batch").appId })).toContain("Only tenant admins can do this.");
    expect(await replay(page, "remove", { applicationId: containerBuilds.id })).toContain("Only tenant admins can do this.");
    expect(await replay(page, "sync", {})).toContain("Only tenant admins can do this.");

    const other = await browser.newPage();
    await new Portal(other).signInAs("nadia@northwind.example");
    expect(await replay(other, "remove", { applicationId: containerBuilds.id })).toContain("That application does not exist in your tenant");
    expect(await replay(other, "add", { appId: seed("Legacy Batch").appId })).toContain("does not own an application with that id");
    expect(await replay(other, "add", { appId: seed("Payments API").appId, tenantId: TENANTS.contoso.id })).toContain("Some fields need attention.");
    await other.close();

    expect(contosoApps()).toEqual(before);
    expect(appsIn(TENANTS.northwind.id)).toEqual([]);
    expect(["application.added", "application.removed", "applications.synced"].map(auditCount)).toEqual(audits);
  });
});
