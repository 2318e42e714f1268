import { expect, test, type Page } from "@playwright/test";
import { ApplicationDialog } from "./pages/application-dialog";
import { ApplicationsPage } from "./pages/applications";
import { Portal } from "./pages/portal";
import { WIDTHS, expectInsideViewport, expectNoAxeViolations, expectNoPageOverflow, setUp } from "./support/a11y";

/**
 * Every page and every step of the settings dialog, scanned by axe (WCAG 2.1 A/AA) and checked for
 * sideways overflow, at a laptop's and a phone's width.
 */
const ADMIN_PAGES = ["/applications", "/system/azure-devops", "/system/api-keys", "/system/people", "/system/notifications", "/system/notifications/deliveries", "/account/sessions", "/audit", "/expiry"];

async function check(page: Page, where: string) {
  await expectNoAxeViolations(page, where);
  await expectNoPageOverflow(page, where);
}

test.describe("accessibility and small screens", () => {
  // An axe scan of a whole page takes seconds on a loaded machine; the tests wait on conditions, not on time.
  test.describe.configure({ timeout: 180_000 });

  test.beforeAll(async ({ browser }) => {
    await setUp(browser);
  });

  for (const size of WIDTHS) {
    test.describe(`at ${size.width} px`, () => {
      test.use({ viewport: { width: size.width, height: size.height } });

      test("sign-in page", async ({ page }) => {
        await page.goto("/signin");
        await check(page, `signin @${size.width}`);
      });

      for (const path of ADMIN_PAGES) {
        test(`${path} as a tenant admin`, async ({ page }) => {
          await new Portal(page).signInAs("adele@contoso.example");
          await page.goto(path);
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          await check(page, `${path} @${size.width}`);
          await page.screenshot({ path: `test-results/screens/issue18-${path.split("/").at(-1)}-${size.width}.png`, fullPage: true });
        });
      }

      test("the account menu open, and the not-found page", async ({ page }) => {
        await new Portal(page).signInAs("adele@contoso.example");
        await page.getByRole("button", { name: /Account menu/ }).click();
        await expect(page.getByRole("menu")).toBeVisible();
        await check(page, `account menu @${size.width}`);
        await page.keyboard.press("Escape");
        await page.goto("/nothing-here");
        await check(page, `not found @${size.width}`);
      });

      test("the Add dialog and a confirmation", async ({ page }) => {
        await new Portal(page).signInAs("adele@contoso.example");
        const apps = new ApplicationsPage(page);
        await apps.open();
        await apps.openAddDialog();
        await expectInsideViewport(page, apps.addDialog(), `Add dialog @${size.width}`);
        await check(page, `Add dialog @${size.width}`);
        await page.keyboard.press("Escape");
        await apps.row("Reporting Service").getByRole("button", { name: "Remove Reporting Service from Rotor" }).click();
        const confirm = page.getByRole("alertdialog");
        await expect(confirm).toBeVisible();
        await expectInsideViewport(page, confirm, `confirmation @${size.width}`);
        await check(page, `confirmation @${size.width}`);
      });

      test("the settings dialog at each step", async ({ page }) => {
        await new Portal(page).signInAs("omar@contoso.example");
        await check(page, `applications as owner @${size.width}`);
        const dialog = new ApplicationDialog(page);
        await dialog.open("Payments API");
        await expectInsideViewport(page, dialog.dialog, `settings dialog @${size.width}`);
        await check(page, `dialog closed integration @${size.width}`);
        await dialog.enableDevops();
        await expect(dialog.organization()).toBeVisible({ timeout: 15_000 });
        await check(page, `dialog enabled @${size.width}`);
        await dialog.chooseOrganization("contoso-platform");
        await expect(dialog.project()).toBeVisible({ timeout: 15_000 });
        await check(page, `dialog org chosen @${size.width}`);
        await dialog.chooseProject("legacy");
        await expect(dialog.dialog.getByTestId("project-blocked")).toBeVisible({ timeout: 15_000 });
        await check(page, `dialog blocked project @${size.width}`);
        await dialog.chooseProject("payments");
        await expect(dialog.connection("payments-api-arm")).toBeEnabled({ timeout: 15_000 });
        await check(page, `dialog project chosen @${size.width}`);
        await dialog.connection("payments-api-arm").check();
        await check(page, `dialog connection chosen @${size.width}`);
        await dialog.save();
        await expect(dialog.dialog).toBeHidden({ timeout: 15_000 });

        await dialog.open("Payments API");
        await dialog.dialog.getByRole("button", { name: "Rotate now" }).click();
        const output = dialog.dialog.getByRole("log", { name: "Rotation output" });
        await expect(output).toContainText("now holds the new secret", { timeout: 20_000 });
        await check(page, `dialog rotation output @${size.width}`);
        await output.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `test-results/screens/issue18-dialog-rotation-${size.width}.png` });
      });
    });
  }
});
