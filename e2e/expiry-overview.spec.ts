import { expect, test, type Page } from "@playwright/test";
import { hydrated, Portal } from "./pages/portal";
import { EMULATOR_HTTP } from "./stack-config";

/**
 * The expiry overview as people use it: from the navigation, its counts, chart, filters and CSV
 * export, from the stored snapshot only (the emulator's request log shows no Azure call per view).
 * Reads the seeded state only: Refresh secrets rewrites the snapshot with what Entra ID holds.
 */
const seq = async (page: Page) => ((await (await page.request.get(`${EMULATOR_HTTP}/_emulator/requests`)).json()) as { seq: number }).seq;
// Graph and Azure DevOps only: the stack confirms sessions with Entra ID every few seconds, whatever the page.
const azureCalls = async (page: Page, since: number) =>
  ((await (await page.request.get(`${EMULATOR_HTTP}/_emulator/requests?since=${since}`)).json()) as { value: { method: string; path: string }[] }).value
    .filter((r) => /^\/(graph|devops|app|vssps)\//.test(r.path))
    .map((r) => `${r.method} ${r.path}`);

test.describe.serial("expiry overview", () => {
  test.describe.configure({ timeout: 120_000 });

  test("an admin finds it in the navigation; counts, a chart that renders under the CSP, and no Azure call per view", async ({ page }) => {
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await new Portal(page).signInAs("adele@contoso.example");
    await page.getByRole("navigation").getByRole("link", { name: "Expiry overview" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Expiry overview" })).toBeVisible();
    await hydrated(page);
    // On a fresh stack nothing has been read from Entra ID yet (the empty state); Refresh secrets reads
    // every application the service principal owns, managed or not, in one Graph call.
    await page.screenshot({ path: "test-results/screens/expiry-overview-before-refresh.png", fullPage: true });
    const refresh = await seq(page);
    await page.getByRole("button", { name: "Refresh secrets" }).click();
    await expect(page.getByTestId("expiry-row").filter({ hasText: "Payments API" })).toBeVisible();
    await expect.poll(() => azureCalls(page, refresh)).toEqual([expect.stringMatching(/^GET \/graph\/v1\.0\/servicePrincipals.*\/ownedObjects\/microsoft\.graph\.application$/)]);
    const before = await seq(page);
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId("expiry-counts")).toContainText("Applications");
    await expect(page.getByTestId("expiry-chart").locator(".recharts-wrapper > svg")).toBeVisible();
    await expect(page.getByTestId("expiry-chart").locator(".recharts-bar-rectangle").first()).toBeAttached();
    const rows = page.getByTestId("expiry-row");
    await expect(rows.filter({ hasText: "Payments API" })).toContainText(/\d+ days? left/);
    await page.goto("/expiry?within=14");
    await expect(rows.first()).toBeVisible();
    expect(await azureCalls(page, before)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    await page.goto("/expiry");
    await expect(page.getByTestId("expiry-chart").locator(".recharts-wrapper > svg")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/expiry-overview-admin.png", fullPage: true });
  });

  test("filters narrow the rows; a filter that matches nothing says so; a hostile one is refused with a sentence", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    await page.goto("/expiry");
    const rows = page.getByTestId("expiry-row");
    const all = await rows.count();
    await page.getByLabel("Expiring within").selectOption("7");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/within=7/);
    const within7 = await rows.count();
    expect(within7).toBeLessThan(all);
    await page.getByLabel("Last rotation failed").check();
    await page.getByLabel("Expiring within").selectOption("");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/failing=1/);
    if ((await rows.count()) === 0) {
      await expect(page.getByRole("heading", { name: "No applications match these filters" })).toBeVisible();
      await page.screenshot({ path: "test-results/screens/expiry-overview-no-match.png", fullPage: true });
    }
    await page.goto("/expiry?within=1e9&managed=%3D1%2B1");
    await expect(page.locator("#expiry-filter-problems")).toContainText("Expiring within (days): choose one of 7, 14, 30, 90.");
    await expect(page.locator("#expiry-filter-problems")).toContainText("Managed: choose one of managed, unmanaged.");
    await expect(rows).toHaveCount(0);
    await page.screenshot({ path: "test-results/screens/expiry-overview-bad-filter.png", fullPage: true });
  });

  test("Export CSV downloads the rows shown, formula-safe", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    await page.goto("/expiry?within=90");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^rotor-expiry-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await (await page.request.get("/expiry/export?within=90")).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^Application,Application \(client\) ID,Managed,Secret,/);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)[=+@]/);
    expect(lines.length - 1).toBeGreaterThan(0);
  });

  test("an owner sees only the applications they own, without the managed filter", async ({ page }) => {
    await new Portal(page).signInAs("nina@contoso.example");
    await page.goto("/expiry");
    await expect(page.getByRole("heading", { level: 1, name: "Expiry overview" })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Managed by Rotor" })).toHaveCount(0);
    const names = await page.getByTestId("expiry-row").locator("th .font-medium").allInnerTexts();
    expect(names).not.toContain("Container Builds");
    await page.screenshot({ path: "test-results/screens/expiry-overview-owner.png", fullPage: true });
  });
});
