import { expect, test } from "@playwright/test";
import { ApiKeysPage } from "./pages/api-keys";
import { ApplicationDialog } from "./pages/application-dialog";
import { ApplicationsPage } from "./pages/applications";
import { Portal } from "./pages/portal";
import { DevopsSettingsPage } from "./pages/settings";
import Database from "better-sqlite3";
import { join } from "node:path";
import { E2E } from "./stack-config";
import { WIDTHS, expectInsideViewport, expectNoPageOverflow, setUp } from "./support/a11y";

/**
 * Earlier specs (the isolation matrix) rotate Container Builds, and Rotor refuses to remove an
 * application while its old secret is in its 24-hour overlap. This spec is about focus, so it ends
 * that overlap in the database as the next day's due run would have.
 */
function endOverlapOf(displayName: string) {
  const db = new Database(join(E2E.dataDir, "rotor.db"));
  db.prepare(
    "update rotations set old_secrets_removed_at = ? where old_secrets_removed_at is null and old_secrets_remove_after is not null and application_id in (select id from applications where display_name = ?)",
  ).run(Date.now(), displayName);
  db.close();
}

/**
 * What a newcomer met at phone and laptop sizes (issue 18): every navigation entry in sight, the
 * connection picker's names, marks and next steps, one message at a time on System → Azure DevOps,
 * times in the browser's zone with UTC on hover, and focus placed after every action that removes
 * the focused control.
 */
test.describe("a newcomer's walk through the portal", () => {
  test.describe.configure({ timeout: 90_000 });
  test.beforeAll(async ({ browser }) => {
    await setUp(browser);
  });

  for (const size of WIDTHS) {
    test.describe(`at ${size.width} px`, () => {
      // A zone far from UTC, so a time shown in UTC cannot pass for local time.
      test.use({ viewport: { width: size.width, height: size.height }, timezoneId: "Pacific/Auckland" });

      test("the navigation shows every entry, and the Applications table scrolls inside its card", async ({ page }) => {
        const portal = new Portal(page);
        await portal.signInAs("adele@contoso.example");
        const links = portal.nav().getByRole("link");
        await expect(links).toHaveText(["Applications", "Expiry overview", "System → Azure DevOps", "API keys", "People", "Notifications", "Audit log"]);
        for (const link of await links.all()) await expectInsideViewport(page, link, `nav link ${await link.innerText()}`);
        const apps = new ApplicationsPage(page);
        await expect(apps.table()).toBeVisible();
        await expectNoPageOverflow(page, `applications @${size.width}`);
        await page.screenshot({ path: `test-results/screens/issue18-applications-admin-${size.width}.png`, fullPage: true });
        const box = await page.getByTestId("applications-scroll").boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
      });

      test("the connection picker names the other application, marks this one's, explains not ready", async ({ page }) => {
        await new Portal(page).signInAs("omar@contoso.example");
        const dialog = new ApplicationDialog(page);
        await dialog.open("Payments API");
        await dialog.enableDevops();
        await dialog.chooseOrganization("contoso-platform");
        await dialog.chooseProject("payments");
        await expect(dialog.connection("payments-api-arm")).toBeEnabled({ timeout: 15_000 });
        await expect(dialog.connection("container-builds-registry")).toHaveAccessibleDescription("Bound to another application: Container Builds.");
        await expect(dialog.connection("hr-portal-arm")).toHaveAccessibleDescription(/^Bound to another application \(client id a1000000-0000-4000-8000-000000000005\), which Rotor does not manage\.$/);
        await expect(dialog.connection("payments-api-arm")).toHaveAccessibleName(/Signs in as this application/);
        await expect(dialog.connection("payments-api-federated")).toHaveAccessibleName(/Signs in as this application/);
        await expect(dialog.connection("dockerhub-mirror")).not.toHaveAccessibleName(/Signs in as this application/);
        await expect(dialog.connection("payments-api-arm-old")).toHaveAccessibleDescription(/Azure DevOps has not finished setting this connection up/);
        await expect(dialog.dialog.getByTestId("no-usable-connection")).toHaveCount(0);
        await expectInsideViewport(page, dialog.dialog, `settings dialog @${size.width}`);
        await dialog.connection("payments-api-arm").scrollIntoViewIfNeeded();
        await page.screenshot({ path: `test-results/screens/issue18-dialog-connections-${size.width}.png` });
      });

      test("with no usable connection the picker says what to create", async ({ page }) => {
        await new Portal(page).signInAs("omar@contoso.example");
        const dialog = new ApplicationDialog(page);
        await dialog.open("Reporting Service");
        await dialog.enableDevops();
        await dialog.chooseOrganization("contoso-platform");
        await dialog.chooseProject("payments");
        const help = dialog.dialog.getByTestId("no-usable-connection");
        await expect(help).toContainText("None of these connections can be used for this application.", { timeout: 15_000 });
        await expect(help).toContainText("Azure Resource Manager → Service principal (manual), with service principal id a1000000-0000-4000-8000-000000000003");
        await expect(help).toContainText("Docker Registry → Others");
        await expect(dialog.dialog.getByRole("radio", { disabled: false })).toHaveCount(0);
        await dialog.dialog.getByRole("button", { name: "Refresh", exact: true }).click();
        await expect(help).toBeVisible();
      });

      test("System → Azure DevOps shows one message at a time", async ({ page }) => {
        await new Portal(page).signInAs("adele@contoso.example");
        const settings = new DevopsSettingsPage(page);
        await settings.open();
        await settings.save();
        await expect(settings.outcome()).toHaveText("Nothing changed.");
        await settings.setSwitch("Use ServicePrincipal for connections", false);
        await expect(settings.outcome()).toHaveCount(0);
        await page.getByRole("button", { name: "Save settings" }).click();
        await expect(page.locator("#pat-error")).toContainText("Paste a personal access token");
        await expect(settings.outcome()).toHaveCount(0);
        await expectNoPageOverflow(page, `settings error @${size.width}`);
      });

      test("API keys: times in the browser's zone with UTC on hover; focus after Create key, Done and Revoke", async ({ page }) => {
        await new Portal(page).signInAs("adele@contoso.example");
        const keys = new ApiKeysPage(page);
        await keys.open();
        const name = `Focus check ${size.width}`;
        await keys.create(name);
        await expect(keys.newKeyInput()).toBeFocused();
        await page.getByRole("button", { name: "Done" }).click();
        await expect(keys.nameInput()).toBeFocused();

        const created = keys.row(name).locator("time").first();
        await expect(created).toHaveAttribute("title", /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);
        await expect(created).toContainText(/GMT\+1[23]/);
        await expectNoPageOverflow(page, `api keys @${size.width}`);

        await keys.revoke(name);
        await expect(page.getByRole("heading", { name: "Keys", exact: true })).toBeFocused();
      });

      test("Applications: focus after Remove and after Add", async ({ page }) => {
        await new Portal(page).signInAs("adele@contoso.example");
        const apps = new ApplicationsPage(page);
        endOverlapOf("Container Builds");
        await apps.open();
        await apps.remove("Container Builds");
        await expect(apps.search()).toBeFocused();
        await apps.openAddDialog();
        await expectInsideViewport(page, apps.addDialog(), `Add dialog @${size.width}`);
        await apps.addDialog().getByRole("button", { name: "Add Container Builds", exact: true }).click();
        const status = apps.addDialog().getByRole("status");
        await expect(status).toContainText("Container Builds added", { timeout: 15_000 });
        await expect(apps.addDialog().locator(":focus")).toContainText("Container Builds added");
        await page.screenshot({ path: `test-results/screens/issue18-add-dialog-${size.width}.png` });
      });
    });
  }
});
