import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { join } from "node:path";
import { TENANTS } from "../emulator/seed";
import { DEVOPS_PROJECTS, SERVICE_CONNECTIONS } from "../emulator/seed-devops";
import { ApplicationDialog } from "./pages/application-dialog";
import { ApplicationsPage } from "./pages/applications";
import { Portal } from "./pages/portal";
import { DevopsSettingsPage } from "./pages/settings";
import { E2E, EMULATOR_HTTP } from "./stack-config";
import { query } from "./support/db";

const PAYMENTS = DEVOPS_PROJECTS.find((p) => p.name === "payments")!;

const appRow = (name: string) => {
  const db = new Database(join(E2E.dataDir, "rotor.db"), { readonly: true });
  const row = db.prepare("select * from applications where display_name = ?").get(name) as Record<string, unknown> | undefined;
  db.close();
  return row;
};

async function signIn(page: Page, email: string) {
  await new Portal(page).signInAs(email);
}

async function setTenant(page: Page, settings: { integration: boolean; homeTenant: boolean }) {
  await signIn(page, "adele@contoso.example");
  const form = new DevopsSettingsPage(page);
  await form.open();
  await form.setSwitch("DevOps Integration", settings.integration);
  await form.setSwitch("Include Home Tenant Organizations", settings.homeTenant);
  await form.save();
  const apps = new ApplicationsPage(page);
  for (const name of ["Payments API", "Container Builds", "Reporting Service", "Legacy Batch"]) await apps.addApplication(name);
  await new Portal(page).signOut();
}

/** The last save request a browser sent, to replay with forged arguments. */
function recordSaves(page: Page) {
  const saves: { url: string; headers: Record<string, string>; args: Record<string, unknown> }[] = [];
  page.on("request", (request) => {
    const headers = request.headers();
    const body = request.postData() ?? "";
    if (request.method() === "POST" && headers["next-action"] && body.includes('"policy"')) {
      saves.push({ url: request.url(), headers: { "next-action": headers["next-action"], "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8", accept: "text/x-component" }, args: JSON.parse(body)[0] });
    }
  });
  return saves;
}

test.describe.serial("the application's secret settings dialog", () => {
  test("setup: integration on, applications added", async ({ page }) => {
    await setTenant(page, { integration: true, homeTenant: false });
  });

  test("happy path (azurerm): bind Payments API, saved, reloaded, shown on the page", async ({ page }) => {
    await signIn(page, "omar@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Payments API");
    await page.screenshot({ path: "test-results/screens/dialog-1-policy.png" });
    await dialog.enableDevops();
    await dialog.chooseOrganization("contoso-platform");
    await page.screenshot({ path: "test-results/screens/dialog-2-organization.png" });
    await dialog.chooseProject("payments");
    await expect(dialog.connection("payments-api-arm")).toBeEnabled({ timeout: 15_000 });
    await expect(dialog.connection("payments-api-federated")).toBeDisabled();
    await expect(dialog.dialog).toContainText("Uses workload identity federation: there is no secret to rotate.");
    await expect(dialog.connection("hr-portal-arm")).toBeDisabled();
    await expect(dialog.dialog).toContainText("Bound to another application");
    await expect(dialog.connection("dockerhub-mirror")).toBeDisabled();
    await expect(dialog.connection("status-webhook")).toBeDisabled();
    await page.screenshot({ path: "test-results/screens/dialog-3-connections.png" });
    await dialog.connection("payments-api-arm").check();
    await dialog.save();
    await expect(dialog.dialog).toBeHidden({ timeout: 15_000 });
    await expect(page.getByRole("row", { name: /Payments API/ })).toContainText("payments-api-arm");
    expect(appRow("Payments API")).toMatchObject({ devops_enabled: 1, devops_endpoint_id: SERVICE_CONNECTIONS.paymentsApiArm, devops_organization: "contoso-platform", devops_project_name: "payments" });

    await page.reload();
    await dialog.open("Payments API");
    await expect(dialog.devopsSwitch()).toHaveAttribute("aria-checked", "true");
    await expect(dialog.project()).toHaveValue(/[0-9a-f-]{36}/, { timeout: 15_000 });
    await expect(dialog.connection("payments-api-arm")).toBeChecked({ timeout: 15_000 });
  });

  test("a docker registry outside the tenant's allow-list is refused with the reason, until an admin lists it", async ({ page }) => {
    const saves = recordSaves(page);
    await signIn(page, "omar@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Container Builds");
    await dialog.enableDevops();
    await dialog.chooseOrganization("contoso-platform");
    await dialog.chooseProject("payments");
    await expect(dialog.connection("container-builds-registry")).toBeDisabled({ timeout: 15_000 });
    await expect(dialog.dialog).toContainText("Registry registry.contoso.example is not on this tenant's allow-list, which is empty");
    await page.screenshot({ path: "test-results/screens/dialog-docker-refused.png" });
    // Saved anyway (a forged call): refused at save with the same reason.
    await page.keyboard.press("Escape");
    await dialog.open("Container Builds");
    await dialog.save();
    await expect(dialog.dialog).toBeHidden({ timeout: 15_000 });
    const save = saves.at(-1)!;
    const forged = { ...save.args, devops: { enabled: true, organization: "contoso-platform", organizationTenantId: TENANTS.contoso.id, projectId: PAYMENTS.id, endpointId: SERVICE_CONNECTIONS.containerBuildsRegistry } };
    const answer = await page.request.post(save.url, { headers: save.headers, data: JSON.stringify([forged]) }).then((r) => r.text());
    expect(answer).toContain("not on this tenant's allow-list");
    expect(appRow("Container Builds")).toMatchObject({ devops_enabled: 0 });
    await new Portal(page).signOut();

    await signIn(page, "adele@contoso.example");
    const settings = new DevopsSettingsPage(page);
    await settings.open();
    await settings.registryHosts().fill("https://registry.contoso.example/");
    await settings.save();
    await expect(page.getByText(/Not a registry host/)).toBeVisible();
    await settings.registryHosts().fill("Registry.Contoso.example");
    await settings.save();
    await expect(settings.outcome()).toContainText("Docker registry allow-list registry.contoso.example");
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `test-results/screens/settings-registry-hosts-${width}.png`, fullPage: true });
    }
    await new Portal(page).signOut();
  });

  test("happy path (dockerregistry): bind Container Builds by keyboard alone", async ({ page }) => {
    await signIn(page, "omar@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Container Builds");
    await dialog.devopsSwitch().focus();
    await page.keyboard.press("Space");
    await expect(dialog.organization()).toBeVisible({ timeout: 15_000 });
    await dialog.organization().focus();
    await dialog.chooseOrganization("contoso-platform");
    await dialog.project().focus();
    await dialog.chooseProject("payments");
    const radio = dialog.connection("container-builds-registry");
    await expect(radio).toBeEnabled({ timeout: 15_000 });
    await radio.focus();
    await page.keyboard.press("Space");
    await expect(radio).toBeChecked();
    await dialog.dialog.getByRole("button", { name: "Save" }).focus();
    await page.keyboard.press("Enter");
    await expect(dialog.dialog).toBeHidden({ timeout: 15_000 });
    await expect(page.getByRole("row", { name: /Container Builds/ })).toContainText("container-builds-registry");
  });

  test("a project without an admin right is blocked with the roles to ask for, and no connections", async ({ page }) => {
    await signIn(page, "omar@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Reporting Service");
    await dialog.enableDevops();
    await dialog.chooseOrganization("contoso-platform");
    await dialog.chooseProject("legacy");
    const blocked = dialog.dialog.getByTestId("project-blocked");
    await expect(blocked).toContainText("You cannot manage service connections in legacy.", { timeout: 15_000 });
    await expect(blocked).toContainText("Endpoint Administrator, Project Administrator, Project Collection Administrator");
    await expect(dialog.dialog.getByRole("radio")).toHaveCount(0);
    await page.screenshot({ path: "test-results/screens/dialog-4-blocked.png" });
  });

  test("no organizations without consent: the consent link is shown instead of an empty list", async ({ page }) => {
    await signIn(page, "nina@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Legacy Batch");
    await dialog.enableDevops();
    const link = dialog.dialog.getByRole("link", { name: "Give Rotor access to Azure DevOps" });
    await expect(link).toBeVisible({ timeout: 15_000 });
    await expect(link).toHaveAttribute("href", /\/api\/devops\/consent\?returnTo=%2Fapplications/);
    await expect(dialog.organization()).toHaveCount(0);
  });

  test("a guest sees home-tenant organizations only when the tenant allows it", async ({ page }) => {
    await signIn(page, "gus@fabrikam.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Reporting Service");
    await dialog.enableDevops();
    await expect(dialog.organization()).toBeVisible({ timeout: 15_000 });
    await expect(dialog.organization().locator("optgroup")).toHaveCount(1);
    await expect(dialog.organization()).not.toContainText("fabrikam-labs");
    await page.keyboard.press("Escape");
    await new Portal(page).signOut();

    await setTenant(page, { integration: true, homeTenant: true });
    await signIn(page, "gus@fabrikam.example");
    await dialog.open("Reporting Service");
    await dialog.enableDevops();
    await expect(dialog.organization().locator('optgroup[label="Your home tenant"]')).toContainText("fabrikam-labs", { timeout: 15_000 });
  });

  test("forged saves are refused and change nothing", async ({ page, browser }) => {
    const saves = recordSaves(page);
    await signIn(page, "omar@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Payments API");
    await dialog.save();
    await expect(dialog.dialog).toBeHidden({ timeout: 15_000 });
    const save = saves.at(-1)!;
    const before = appRow("Payments API");
    const send = (p: Page, args: Record<string, unknown>) => p.request.post(save.url, { headers: save.headers, data: JSON.stringify([args]) }).then((r) => r.text());
    const devops = save.args.devops as Record<string, unknown>;

    expect(await send(page, { ...save.args, devops: { ...devops, endpointId: SERVICE_CONNECTIONS.paymentsFederated } })).toContain("workload identity federation");
    expect(await send(page, { ...save.args, devops: { ...devops, endpointId: SERVICE_CONNECTIONS.hrPortalArm } })).toContain("Bound to another application");
    expect(await send(page, { ...save.args, policy: { ...(save.args.policy as object), overlapHours: -5 } })).toContain("Some fields need attention.");
    expect(await send(page, { ...save.args, applicationId: "not-a-guid" })).toContain("Some fields need attention.");

    const guest = await browser.newPage();
    await signIn(guest, "gus@fabrikam.example");
    expect(await send(guest, save.args)).toContain("does not exist in your tenant");
    await guest.close();
    const northwind = await browser.newPage();
    await signIn(northwind, "nadia@northwind.example");
    expect(await send(northwind, save.args)).toContain("does not exist in your tenant");
    await northwind.close();
    expect(appRow("Payments API")).toEqual(before);
  });

  test("an admin who does not own Payments API can neither bind it, change it nor rotate it into its connection", async ({ page, browser }) => {
    const saves = recordSaves(page);
    await signIn(page, "omar@contoso.example");
    const owners = new ApplicationDialog(page);
    await owners.open("Payments API");
    await owners.save();
    await expect(owners.dialog).toBeHidden({ timeout: 15_000 });
    const save = saves.at(-1)!;
    const before = appRow("Payments API");
    const rotations = () => query<{ n: number }>("select count(*) as n from rotations where application_id = ?", before!.id)[0]!.n;
    const rotationsBefore = rotations();

    // Ivan and Adele are tenant admins; neither owns Payments API in Entra ID.
    for (const email of ["ivan@contoso.example", "adele@contoso.example"]) {
      const admin = await browser.newPage();
      await signIn(admin, email);
      const forged = (args: Record<string, unknown>) => admin.request.post(save.url, { headers: save.headers, data: JSON.stringify([args]) }).then((r) => r.text());
      expect(await forged(save.args)).toContain("Only an owner of Payments API in Entra ID can bind");
      expect(await forged({ ...save.args, policy: { ...(save.args.policy as object), overlapHours: 0 } })).toContain("Only an owner of Payments API");
      const dialog = new ApplicationDialog(admin);
      await dialog.open("Payments API");
      // The pickers say why at once; Rotate now into the bound connection is refused with the reason.
      await expect(dialog.dialog.getByText(/Only an owner of Payments API in Entra ID/).first()).toBeVisible({ timeout: 15_000 });
      await dialog.dialog.getByRole("button", { name: "Rotate now" }).click();
      await expect(dialog.dialog.getByText(/Only an owner of Payments API in Entra ID can bind its service connection, change its policy or rotate it/).last()).toBeVisible({ timeout: 15_000 });
      if (email.startsWith("ivan")) await admin.screenshot({ path: "test-results/screens/dialog-non-owner-admin.png" });
      await admin.close();
    }
    expect(appRow("Payments API")).toEqual(before);
    expect(rotations()).toBe(rotationsBefore);
  });

  test("an owner rotates Payments API from the dialog and watches the output arrive", async ({ page }) => {
    await signIn(page, "omar@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Payments API");
    await dialog.dialog.getByRole("button", { name: "Rotate now" }).click();
    const output = dialog.dialog.getByRole("log", { name: "Rotation output" });
    await expect(output).toContainText("Created a new secret", { timeout: 15_000 });
    await expect(output).toContainText("Service connection payments-api-arm now holds the new secret.", { timeout: 20_000 });
    await expect(dialog.dialog.getByRole("status").filter({ hasText: "Rotation succeeded." })).toBeVisible({ timeout: 20_000 });
    await expect(dialog.dialog.getByRole("table").filter({ hasText: "History" })).toContainText("Omar Owens");
    await page.screenshot({ path: "test-results/screens/dialog-5-rotation.png" });
    const status = await (await page.request.get(`${EMULATOR_HTTP}/_emulator/service-connections/${SERVICE_CONNECTIONS.paymentsApiArm}/credential-status`)).json();
    expect(status.valid).toBe(true);
    expect(appRow("Payments API")).toBeTruthy();
  });

  test("switching the tenant's integration off hides the DevOps section and keeps the binding", async ({ page }) => {
    await setTenant(page, { integration: false, homeTenant: false });
    await signIn(page, "omar@contoso.example");
    const dialog = new ApplicationDialog(page);
    await dialog.open("Payments API");
    await expect(dialog.dialog.getByRole("heading", { name: "Rotation policy" })).toBeVisible();
    await expect(dialog.devopsSwitch()).toHaveCount(0);
    expect(appRow("Payments API")).toMatchObject({ devops_enabled: 1, devops_endpoint_id: SERVICE_CONNECTIONS.paymentsApiArm });
  });
});
