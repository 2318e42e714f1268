import { expect, test, type Page, type Request } from "@playwright/test";
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TENANTS } from "../emulator/seed";
import { Portal } from "./pages/portal";
import { DevopsSettingsPage, mintPat } from "./pages/settings";
import { E2E } from "./stack-config";

const settingsRow = (tenantId: string) => {
  const db = new Database(join(E2E.dataDir, "rotor.db"), { readonly: true });
  const row = db.prepare("select * from tenant_devops_settings where tenant_id = ?").get(tenantId) as Record<string, unknown>;
  db.close();
  return row;
};

/** The save request the admin's browser sent, to replay as other people (a forged call). */
let recordedSave: { url: string; headers: Record<string, string>; body: string } | null = null;
const actionResponses: string[] = [];

function recordActions(page: Page) {
  page.on("request", (request: Request) => {
    const headers = request.headers();
    if (request.method() === "POST" && headers["next-action"] && request.postData()?.includes("integrationEnabled")) {
      recordedSave = { url: request.url(), headers: { "next-action": headers["next-action"], "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8", accept: "text/x-component" }, body: request.postData()! };
    }
  });
  page.on("response", async (response) => {
    if (response.request().method() === "POST" && response.request().headers()["next-action"]) actionResponses.push(await response.text().catch(() => ""));
  });
}

test.describe.serial("System → Azure DevOps", () => {
  test("an admin sets each setting, and it is kept after a reload", async ({ page }) => {
    recordActions(page);
    await new Portal(page).signInAs("adele@contoso.example");
    const settings = new DevopsSettingsPage(page);
    await settings.open();
    await expect(settings.switch("DevOps Integration")).toHaveAttribute("aria-checked", "false");
    await page.screenshot({ path: "test-results/screens/settings-empty.png", fullPage: true });

    await settings.setSwitch("DevOps Integration", true);
    await settings.setSwitch("Include Home Tenant Organizations", true);
    await settings.save();
    await expect(settings.outcome()).toContainText("Saved: DevOps Integration on, Include Home Tenant Organizations on.");
    await page.reload();
    await expect(settings.switch("DevOps Integration")).toHaveAttribute("aria-checked", "true");
    await expect(settings.switch("Include Home Tenant Organizations")).toHaveAttribute("aria-checked", "true");
    await expect(settings.switch("Use ServicePrincipal for connections")).toHaveAttribute("aria-checked", "true");
  });

  test("service-principal mode shows what it needs and tests the connection", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const settings = new DevopsSettingsPage(page);
    await settings.open();
    await expect(page.getByText("What Rotor's service principal needs")).toBeVisible();
    await page.getByRole("button", { name: "Test connection" }).click();
    const result = page.getByTestId("sp-test-result");
    await expect(result).toContainText("signs in to Azure DevOps");
    await expect(result.getByRole("listitem").filter({ hasText: "contoso-platform" })).toContainText("Ready");
  });

  test("turning the service principal off without a PAT is blocked at the field, one message at a time", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const settings = new DevopsSettingsPage(page);
    await settings.open();
    await expect(settings.switch("Use ServicePrincipal for connections")).toHaveAccessibleDescription(/Rotor updates service connections as itself/);
    await settings.save();
    await expect(settings.outcome()).toHaveText("Nothing changed.");
    // A change makes the last outcome stale: it goes, and the new error stands alone.
    await settings.setSwitch("Use ServicePrincipal for connections", false);
    await expect(settings.outcome()).toHaveCount(0);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Paste a personal access token, or turn “Use ServicePrincipal for connections” back on" })).toBeVisible();
    await expect(settings.outcome()).toHaveCount(0);
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(1);
    await expect(settings.patInput()).toHaveAttribute("aria-invalid", "true");
    await page.screenshot({ path: "test-results/screens/settings-error.png", fullPage: true });
    expect(settingsRow(TENANTS.contoso.id).use_service_principal).toBe(1);
  });

  test("a PAT Azure DevOps rejects is refused with its reason", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const settings = new DevopsSettingsPage(page);
    await settings.open();
    await settings.setSwitch("Use ServicePrincipal for connections", false);
    await settings.patInput().fill(await mintPat(page, "contoso-admin", { expiresAt: new Date(Date.now() - 60_000).toISOString() }));
    await settings.save();
    await expect(page.locator("#pat-error")).toContainText("has expired");
    await settings.patInput().fill(await mintPat(page, "contoso-noconsent"));
    await settings.save();
    await expect(page.locator("#pat-error")).toContainText("cannot manage any service connection");
    expect(settingsRow(TENANTS.contoso.id).pat_sealed).toBeNull();
  });

  test("a good PAT is checked, sealed, shown by its last four characters only, replaced and removed", async ({ page }) => {
    recordActions(page);
    await new Portal(page).signInAs("adele@contoso.example");
    const settings = new DevopsSettingsPage(page);
    await settings.open();
    const pat = await mintPat(page, "contoso-admin");
    await settings.setSwitch("Use ServicePrincipal for connections", false);
    await settings.patInput().fill(pat);
    await settings.save();
    await expect(settings.outcome()).toContainText(`PAT set (ends …${pat.slice(-4)})`);
    await page.reload();
    await expect(settings.storedPat()).toContainText(`Set, ends …${pat.slice(-4)}`);
    await expect(settings.storedPat()).toContainText("by Adele Vance");
    await page.screenshot({ path: "test-results/screens/settings-filled.png", fullPage: true });
    const html = await page.content();
    expect(html).not.toContain(pat);

    const second = await mintPat(page, "contoso-admin");
    await page.getByRole("button", { name: "Replace" }).click();
    await settings.patInput().fill(second);
    await settings.save();
    await expect(settings.outcome()).toContainText(`PAT replaced (ends …${second.slice(-4)})`);

    // Removing the PAT while it is the credential is refused; with the service principal on, it goes.
    await page.reload();
    await page.getByRole("button", { name: "Remove" }).click();
    await settings.save();
    await expect(page.locator("#pat-error")).toContainText("Paste a personal access token");
    await expect(settings.outcome()).toHaveCount(0);
    await settings.setSwitch("Use ServicePrincipal for connections", true);
    await settings.save();
    await expect(settings.outcome()).toContainText("PAT removed");
    expect(settingsRow(TENANTS.contoso.id).pat_sealed).toBeNull();

    await page.goto("/audit");
    await expect(page.getByRole("table", { name: "Audit entries" })).toContainText(`PAT replaced (ends …${second.slice(-4)})`);

    const dbFile = join(E2E.dataDir, "rotor.db");
    const stored = ["", "-wal"].filter((s) => existsSync(dbFile + s)).map((s) => readFileSync(dbFile + s).toString("latin1")).join("");
    const log = readFileSync(join(E2E.dataDir, "logs", "app.log"), "utf8");
    for (const value of [pat, second]) {
      expect(stored.includes(value), "PAT in the database file").toBe(false);
      expect(log.includes(value), "PAT in the server log").toBe(false);
      expect(actionResponses.some((r) => r.includes(value)), "PAT in an action result").toBe(false);
    }
    expect(actionResponses.length).toBeGreaterThan(0);
  });

  test("the form works from the keyboard", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const settings = new DevopsSettingsPage(page);
    await settings.open();
    await settings.switch("DevOps Integration").focus();
    await page.keyboard.press("Space");
    await expect(settings.switch("DevOps Integration")).toHaveAttribute("aria-checked", "false");
    await page.keyboard.press("Tab");
    await expect(settings.switch("Use ServicePrincipal for connections")).toBeFocused();
    await page.getByRole("button", { name: "Save settings" }).focus();
    await page.keyboard.press("Enter");
    await expect(settings.outcome()).toContainText("DevOps Integration off");
    await settings.setSwitch("DevOps Integration", true);
    await settings.save();
  });

  test("an owner and another tenant's admin can neither read nor change Contoso's settings", async ({ page, browser }) => {
    expect(recordedSave).not.toBeNull();
    const before = settingsRow(TENANTS.contoso.id);
    await new Portal(page).signInAs("omar@contoso.example");
    expect((await page.goto("/system/azure-devops"))?.status()).toBe(404);
    const forged = recordedSave!.body.replace(/"integrationEnabled":true/, '"integrationEnabled":false');
    const asOwner = await page.request.post(recordedSave!.url, { headers: recordedSave!.headers, data: forged });
    expect(await asOwner.text()).toContain("Only tenant admins can do this.");

    const other = await browser.newPage();
    await new Portal(other).signInAs("nadia@northwind.example");
    const page404 = await other.goto("/system/azure-devops");
    expect(page404?.status()).toBe(200); // her own tenant's page…
    await expect(other.getByRole("switch", { name: "DevOps Integration" })).toHaveAttribute("aria-checked", "false"); // …not Contoso's values
    await other.request.post(recordedSave!.url, { headers: recordedSave!.headers, data: forged });
    await other.close();
    const after = settingsRow(TENANTS.contoso.id);
    expect(after.integration_enabled).toBe(before.integration_enabled);
    expect(after.updated_at).toBe(before.updated_at);
  });
});
