import { expect, test } from "@playwright/test";
import { Portal } from "./pages/portal";

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
