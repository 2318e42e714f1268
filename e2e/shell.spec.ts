import { expect, test } from "@playwright/test";
import { Portal } from "./pages/portal";

test.describe("the signed-in shell", () => {
  test("a Contoso admin sees the whole menu and the audit log", async ({ page }) => {
    const portal = new Portal(page);
    await portal.signInAs("adele@contoso.example");
    await expect(portal.tenant()).toContainText("Contoso");
    await expect(portal.nav().getByRole("link", { name: "Applications" })).toHaveAttribute("aria-current", "page");
    await expect(portal.nav().getByRole("link", { name: /Azure DevOps/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Account menu for Adele Vance" })).toContainText("Tenant admin");
    await page.screenshot({ path: "test-results/screens/applications-admin.png", fullPage: true });

    await portal.nav().getByRole("link", { name: /Azure DevOps/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Azure DevOps" })).toBeVisible();
    await expect(page.getByText("DevOps Integration", { exact: true })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/system-azure-devops.png", fullPage: true });

    await portal.nav().getByRole("link", { name: "Audit log" }).click();
    const rows = page.getByRole("table", { name: "Audit entries" }).getByRole("row");
    await expect(rows.filter({ hasText: "Adele Vance" }).filter({ hasText: "Signed in" }).first()).toBeVisible();
    await page.screenshot({ path: "test-results/screens/audit.png", fullPage: true });
    await portal.signOut();
  });

  test("an application owner has no System menu and cannot open admin pages", async ({ page }) => {
    const portal = new Portal(page);
    await portal.signInAs("omar@contoso.example");
    await expect(portal.tenant()).toContainText("Contoso");
    await expect(portal.nav().getByRole("link")).toHaveText(["Applications", "Expiry overview"]);
    await expect(page.getByRole("button", { name: "Account menu for Omar Owens" })).toContainText("Member");
    for (const path of ["/system/azure-devops", "/audit"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    }
    await page.goto("/applications");
    await portal.signOut();
  });

  test("the Northwind admin (bootstrap list) sees Northwind and nothing of Contoso", async ({ page }) => {
    const portal = new Portal(page);
    await portal.signInAs("nadia@northwind.example");
    await expect(portal.tenant()).toContainText("Northwind Traders");
    await expect(portal.nav().getByRole("link", { name: "Audit log" })).toBeVisible();
    await page.goto("/audit");
    const table = page.getByRole("table", { name: "Audit entries" });
    await expect(table.getByText("Nadia Wong").first()).toBeVisible();
    await expect(table).not.toContainText("Adele");
    await expect(table).not.toContainText("Omar");
    await portal.signOut();
  });

  test("a guest is shown as a guest of Contoso", async ({ page }) => {
    const portal = new Portal(page);
    await portal.signInAs("gus@fabrikam.example");
    await expect(portal.tenant()).toContainText("Contoso");
    await expect(portal.tenant()).toContainText("Guest");
    await expect(portal.nav().getByRole("link")).toHaveText(["Applications", "Expiry overview"]);
    await portal.signOut();
  });

  test("the user without Azure DevOps consent still signs in", async ({ page }) => {
    const portal = new Portal(page);
    await portal.signInAs("nina@contoso.example");
    await expect(page.getByRole("button", { name: "Account menu for Nina Novak" })).toBeVisible();
    await portal.signOut();
    await page.goto("/applications");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("sign-in works from the keyboard", async ({ page }) => {
    await page.goto("/signin");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeFocused();
    await page.screenshot({ path: "test-results/screens/signin.png" });
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Pick an account" })).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: /adele@contoso\.example/ })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: /omar@contoso\.example/ })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/applications$/);
    await expect(page.getByRole("button", { name: "Account menu for Omar Owens" })).toBeVisible();
  });
});
