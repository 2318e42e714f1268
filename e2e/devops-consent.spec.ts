import { expect, test } from "@playwright/test";
import { ApplicationDialog } from "./pages/application-dialog";
import { ApplicationsPage } from "./pages/applications";
import { Portal } from "./pages/portal";
import { DevopsSettingsPage } from "./pages/settings";

// First: Nina has not consented yet, and the round trip below is what grants it.
test("the consent round trip returns to the dialog with its choices (issue 18)", async ({ page }) => {
  test.setTimeout(90_000); // two sign-ins, the tenant's settings and an added application first
  const portal = new Portal(page);
  await portal.signInAs("adele@contoso.example");
  const settings = new DevopsSettingsPage(page);
  await settings.open();
  await settings.setSwitch("DevOps Integration", true);
  await settings.save();
  await new ApplicationsPage(page).addApplication("Legacy Batch");
  await portal.signOut();

  await portal.signInAs("nina@contoso.example");
  const dialog = new ApplicationDialog(page);
  await dialog.open("Legacy Batch");
  await dialog.dialog.getByLabel("Rotate before expiry").fill("21");
  await dialog.enableDevops();
  const link = dialog.dialog.getByRole("link", { name: "Give Rotor access to Azure DevOps" });
  await expect(link).toBeVisible({ timeout: 15_000 });
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("note")).toContainText("access Azure DevOps as you");
  await page.getByRole("button", { name: /nina@contoso\.example/ }).click();

  // Back on the list with the dialog open, as she left it; the address is clean again.
  await expect(dialog.dialog.getByRole("heading", { name: "Secret settings · Legacy Batch" })).toBeVisible({ timeout: 15_000 });
  await expect(page).toHaveURL(/\/applications$/);
  await expect(dialog.dialog.getByLabel("Rotate before expiry")).toHaveValue("21");
  await expect(dialog.devopsSwitch()).toHaveAttribute("aria-checked", "true");
  // Consent given: the organizations load now instead of the link.
  await expect(dialog.organization().or(dialog.dialog.getByText("You belong to no Azure DevOps organization"))).toBeVisible({ timeout: 15_000 });
  await expect(link).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/issue18-consent-returned.png" });

  // Leave the tenant as the specs after this one expect it: the integration off, as seeded.
  await dialog.dialog.getByRole("button", { name: "Cancel" }).click();
  await portal.signOut();
  await portal.signInAs("adele@contoso.example");
  await settings.open();
  await settings.setSwitch("DevOps Integration", false);
  await settings.save();
});

test("the Azure DevOps consent link asks Entra ID for Azure DevOps and comes back", async ({ page }) => {
  const portal = new Portal(page);
  await portal.signInAs("nina@contoso.example");
  await page.goto("/api/devops/consent?returnTo=/audit");
  await expect(page.getByRole("note")).toContainText("access Azure DevOps as you");
  await page.getByRole("button", { name: /nina@contoso\.example/ }).click();
  // Nina is no admin: returning to /audit shows the 404 page, signed in, after the consent round trip.
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.goto("/api/devops/consent?returnTo=https://attacker.example/");
  await page.getByRole("button", { name: /nina@contoso\.example/ }).click();
  await expect(page).toHaveURL(/localhost:\d+\/applications$/);
});

test("the consent link sends a signed-out visitor to sign in", async ({ page }) => {
  await page.goto("/api/devops/consent?returnTo=/applications");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fapplications/);
});
