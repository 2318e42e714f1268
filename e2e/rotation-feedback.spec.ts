import { expect, test, type Page } from "@playwright/test";
import { DEVOPS_PROJECTS, SERVICE_CONNECTIONS } from "../emulator/seed-devops";
import { ApiKeysPage } from "./pages/api-keys";
import { ApplicationDialog } from "./pages/application-dialog";
import { ApplicationsPage } from "./pages/applications";
import { Portal } from "./pages/portal";
import { DevopsSettingsPage } from "./pages/settings";
import { query } from "./support/db";

/**
 * Issue 18: the due run's schedule on the Applications page (last run, who started it, next;
 * Overdue and why), the tenant's built-in scheduler switch, the row's Rotate (confirmation, a
 * visible result, the row kept in place), Save and rotate, succeeded-with-warnings, and retiring
 * secrets in a neutral colour. The built-in scheduler itself runs in tests/process/built-in-scheduler.
 */
const WIDTHS = [1366, 390] as const;

async function signIn(page: Page, email: string) {
  await new Portal(page).signInAs(email);
}

async function setIntegration(page: Page, on: boolean) {
  const form = new DevopsSettingsPage(page);
  await form.open();
  await form.setSwitch("DevOps Integration", on);
  await form.save();
}

const rotationCount = (name: string) =>
  query<{ n: number }>("select count(*) as n from rotations r join applications a on a.id = r.application_id where a.display_name = ?", name)[0]!.n;

async function setRotateBefore(page: Page, name: string, days: number) {
  const dialog = new ApplicationDialog(page);
  await dialog.open(name);
  await dialog.dialog.getByLabel("Rotate before expiry").fill(String(days));
  await dialog.save();
  await expect(dialog.dialog).toBeHidden({ timeout: 15_000 });
}

test.describe.serial("rotation feedback and the built-in scheduler's display", () => {
  // Each test walks several pages and waits for real rotations on a shared 2-core machine.
  test.describe.configure({ timeout: 120_000 });
  test("setup: integration on, applications added", async ({ page }) => {
    await signIn(page, "adele@contoso.example");
    await setIntegration(page, true);
    const apps = new ApplicationsPage(page);
    for (const name of ["Payments API", "Container Builds", "Reporting Service", "Legacy Batch"]) await apps.addApplication(name);
  });

  test("the page shows the due run: Overdue and why, the tenant's switch, the API's run and who started it", async ({ page, browser, baseURL }) => {
    // Only an owner in Entra ID changes a policy (Adele, an admin, does not own Reporting Service): Omar, in his own browser.
    const ownerContext = await browser.newContext({ baseURL });
    const owner = await ownerContext.newPage();
    await signIn(owner, "omar@contoso.example");
    // Reporting Service (160 days left) falls due when it rotates 170 days before expiry.
    await setRotateBefore(owner, "Reporting Service", 170);
    await signIn(page, "adele@contoso.example");
    const apps = new ApplicationsPage(page);
    await apps.open();
    const banner = page.getByRole("region", { name: "Scheduled rotations" });
    // This stack runs no built-in scheduler (scripts/e2e-server.ts): the page says so, and why a row waits.
    await expect(banner.getByTestId("next-due-run")).toContainText("The built-in scheduler is off on this server");
    const overdue = apps.row("Reporting Service").getByTestId("overdue");
    await expect(overdue).toContainText("Overdue");
    await expect(overdue).toContainText("The built-in scheduler is off on this server");

    // The tenant's switch (admins, audited): off, the row says it waits for the external scheduler.
    const settings = new DevopsSettingsPage(page);
    await settings.open();
    const builtIn = page.getByRole("switch", { name: "Built-in scheduler" });
    await expect(builtIn).toHaveAttribute("aria-checked", "true");
    await builtIn.focus();
    await page.keyboard.press("Space");
    await expect(page.getByRole("status").filter({ hasText: "Saved: due rotations now wait for your external scheduler." })).toBeVisible();
    await expect(builtIn).toHaveAttribute("aria-checked", "false");
    await expect(builtIn).toBeFocused();
    expect(query<{ n: number }>("select count(*) as n from audit_log where action = 'settings.schedule_updated'")[0]!.n).toBeGreaterThan(0);
    await apps.open();
    await expect(apps.row("Reporting Service").getByTestId("overdue")).toContainText("The built-in scheduler is off for this tenant");
    await expect(banner.getByTestId("next-due-run")).toContainText("off for this tenant");

    // An external scheduler's call: recorded with its key, shown on the page; the row is no longer overdue.
    const keys = new ApiKeysPage(page);
    await keys.open();
    const key = await keys.create("issue 18 cron");
    const due = await page.request.post("/api/v1/rotations/due", { headers: { authorization: `Bearer ${key}` }, timeout: 60_000 });
    expect(due.status()).toBe(200);
    await apps.open();
    await expect(banner.getByTestId("last-due-run")).toContainText(/Last due run started .* by API key “issue 18 cron”: \d+ rotations? started, \d+ succeeded/);
    await expect(apps.row("Reporting Service").getByTestId("overdue")).toHaveCount(0);
    // Its old secret is in its 24-hour overlap: "Retiring", neutral — not an amber countdown.
    const retiring = apps.row("Reporting Service").locator("[data-retiring=true]");
    await expect(retiring).toHaveCount(1);
    await expect(retiring.getByText("Retiring")).toHaveClass(/bg-slate-100/);
    await expect(retiring).not.toContainText("days left");
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `test-results/screens/issue18-applications-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });

    await settings.open();
    await builtIn.click();
    await expect(builtIn).toHaveAttribute("aria-checked", "true");
    await setRotateBefore(owner, "Reporting Service", 30);
    await ownerContext.close();
  });

  test("Save and rotate: an unsaved binding is saved first, and the rotation writes that connection", async ({ page }) => {
    await signIn(page, "omar@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Legacy Batch");
    if ((await dialog.devopsSwitch().getAttribute("aria-checked")) === "true") {
      await dialog.devopsSwitch().click();
      await dialog.save();
      await expect(dialog.dialog).toBeHidden({ timeout: 15_000 });
      await dialog.open("Legacy Batch");
    }
    await expect(dialog.dialog.getByRole("button", { name: "Rotate now" })).toBeVisible();
    await dialog.enableDevops();
    await dialog.chooseOrganization("contoso-data");
    await dialog.chooseProject("shared-infra");
    await dialog.connection("legacy-batch-arm").check({ timeout: 15_000 });
    const rotate = dialog.dialog.getByRole("button", { name: "Save and rotate" });
    await expect(rotate).toBeVisible();
    await expect(rotate).toHaveAccessibleDescription("You have unsaved changes: they are saved first, so the rotation uses them.");
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `test-results/screens/issue18-dialog-save-and-rotate-${width}.png` });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    await rotate.click();
    const output = dialog.dialog.getByRole("log", { name: "Rotation output" });
    await expect(output).toContainText("Service connection legacy-batch-arm now holds the new secret.", { timeout: 30_000 });
    await expect(dialog.dialog.getByRole("status").filter({ hasText: "Rotation succeeded." })).toBeVisible({ timeout: 20_000 });
    expect(query<{ devops_endpoint_id: string }>("select devops_endpoint_id from applications where display_name = 'Legacy Batch'")[0]!.devops_endpoint_id).toBe(SERVICE_CONNECTIONS.legacyBatchArm);
    // Saved: the button is plain Rotate now again.
    await expect(dialog.dialog.getByRole("button", { name: "Rotate now" })).toBeVisible();
  });

  for (const width of WIDTHS) {
    test(`the row's Rotate asks first, shows its result in the row and keeps the row in place (${width} px)`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await signIn(page, "omar@contoso.example");
      const apps = new ApplicationsPage(page);
      await apps.open();
      const before = await apps.names();
      const name = before[0]!; // the soonest expiry: a rotation sends it to the end of the list
      const count = rotationCount(name);
      const button = apps.row(name).getByRole("button", { name: `Rotate now: ${name}` });
      await button.click();
      const confirm = page.getByRole("alertdialog", { name: `Rotate ${name} now?` });
      await expect(confirm).toContainText("Rotor creates a new client secret in Entra ID");
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await expect(confirm).toBeHidden();
      await expect(button).toBeFocused();
      expect(rotationCount(name), "Cancel creates no secret").toBe(count);

      await page.keyboard.press("Enter");
      await expect(confirm).toBeVisible();
      await confirm.getByRole("button", { name: "Rotate now" }).click();
      await expect(confirm).toBeHidden({ timeout: 15_000 });
      await expect(button).toBeFocused();
      const status = apps.row(name).getByTestId("row-rotation-status");
      await expect(status).toContainText(/Rotated just now( with warnings)? — new secret .*… expires/, { timeout: 30_000 });
      expect(rotationCount(name)).toBe(count + 1);
      // The row stays where it was while the person is still there…
      expect(await apps.names()).toEqual(before);
      await page.screenshot({ path: `test-results/screens/issue18-row-rotated-${width}.png`, fullPage: true });
      // …dismissing the result puts focus back on the row's Rotate…
      await status.getByRole("button", { name: "Dismiss the rotation result" }).click();
      await expect(status).toHaveCount(0);
      await expect(button).toBeFocused();
      // …and once they move on (pointer and focus out of the table), the list sorts again.
      await page.mouse.move(1, 1);
      await page.getByRole("searchbox", { name: "Search" }).focus();
      await expect.poll(() => apps.names()).not.toEqual(before);
      expect((await apps.names()).at(-1)).toBe(name);
    });
  }

  test("a rotation that had to skip the bound connection is amber, in the row and in the dialog", async ({ page, browser, baseURL }) => {
    // The admin turns the integration off in her browser; Omar, an owner, rotates (an admin who owns nothing may not).
    const adminContext = await browser.newContext({ baseURL });
    const admin = await adminContext.newPage();
    await signIn(admin, "adele@contoso.example");
    await setIntegration(admin, false);
    await signIn(page, "omar@contoso.example");
    try {
      const apps = new ApplicationsPage(page);
      await apps.open();
      await apps.row("Legacy Batch").getByRole("button", { name: "Rotate now: Legacy Batch" }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Rotate now" }).click();
      const status = apps.row("Legacy Batch").getByTestId("row-rotation-status");
      await expect(status).toContainText("Rotated just now with warnings", { timeout: 30_000 });
      await expect(status).toHaveAttribute("data-tone", "warning");
      await expect(status).toContainText("was not updated (DevOps Integration is off for this tenant)");
      await expect(apps.row("Legacy Batch").getByText("Succeeded with warnings")).toBeVisible();
      await expect(apps.row("Legacy Batch").getByText("Succeeded", { exact: true })).toHaveCount(0);

      const dialog = new ApplicationDialog(page);
      await dialog.open("Legacy Batch");
      await dialog.dialog.getByRole("button", { name: "Rotate now" }).click();
      const warning = dialog.dialog.getByTestId("rotation-warning");
      await expect(warning).toContainText("Rotation succeeded with warnings.", { timeout: 30_000 });
      await expect(dialog.dialog.getByRole("status").filter({ hasText: /^Rotation succeeded\.$/ })).toHaveCount(0);
      await expect(dialog.dialog.getByRole("table").filter({ hasText: "History" })).toContainText("Succeeded with warnings");
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `test-results/screens/issue18-dialog-warning-${width}.png` });
      }
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
      await setIntegration(admin, true);
      await adminContext.close();
    }
  });

  test("the dialog reopens from a return path with its choices (application, organization, project, connection)", async ({ page }) => {
    await signIn(page, "omar@contoso.example");
    const id = query<{ id: string; tenant_id: string }>("select id, tenant_id from applications where display_name = 'Container Builds'")[0]!;
    const projectId = DEVOPS_PROJECTS.find((p) => p.organization === "contoso-platform" && p.name === "payments")!.id;
    const params = new URLSearchParams({ settings: id.id, devops: "1", org: `${id.tenant_id}|contoso-platform`, project: projectId, endpoint: SERVICE_CONNECTIONS.containerBuildsRegistry, lifetime: "90", before: "20", overlap: "12", schedule: "1" });
    await page.goto(`/applications?${params}`);
    const dialog = new ApplicationDialog(page);
    await expect(dialog.dialog.getByRole("heading", { name: "Secret settings · Container Builds" })).toBeVisible({ timeout: 15_000 });
    await expect(dialog.dialog.getByLabel("Rotate before expiry")).toHaveValue("20");
    await expect(dialog.devopsSwitch()).toHaveAttribute("aria-checked", "true");
    await expect(dialog.organization()).toHaveValue(`${id.tenant_id}|contoso-platform`, { timeout: 15_000 });
    await expect(dialog.project()).toHaveValue(projectId, { timeout: 15_000 });
    await expect(dialog.connection("container-builds-registry")).toBeChecked({ timeout: 15_000 });
    // Restored choices are unsaved changes; the address no longer reopens the dialog on reload.
    await expect(dialog.dialog.getByRole("button", { name: "Save and rotate" })).toBeVisible();
    await expect(page).toHaveURL(/\/applications$/);
  });
});
