import { expect, type Locator, type Page } from "@playwright/test";
import { hydrated } from "./portal";

/** Page object for an application's secret settings dialog, opened from the Applications page. */
export class ApplicationDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog");
  }

  async open(applicationName: string) {
    await this.page.goto("/applications");
    await hydrated(this.page);
    await this.page.getByRole("button", { name: `Secret settings for ${applicationName}` }).click();
    await expect(this.dialog.getByRole("heading", { name: `Secret settings · ${applicationName}` })).toBeVisible();
  }

  devopsSwitch() {
    return this.dialog.getByRole("switch", { name: "Enable Azure DevOps Integration" });
  }

  async enableDevops() {
    const control = this.devopsSwitch();
    if ((await control.getAttribute("aria-checked")) !== "true") await control.click();
  }

  organization() {
    return this.dialog.getByLabel("Organization", { exact: true });
  }

  project() {
    return this.dialog.getByLabel("Project", { exact: true });
  }

  async chooseOrganization(name: string) {
    await expect(this.organization()).toBeVisible({ timeout: 15_000 });
    const value = await this.organization().locator("option", { hasText: name }).getAttribute("value");
    await this.organization().selectOption(value!);
  }

  async chooseProject(name: string) {
    await expect(this.project()).toBeVisible({ timeout: 15_000 });
    await this.project().selectOption({ label: name });
  }

  connection(name: string) {
    return this.dialog.getByRole("radio", { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s`) });
  }

  async save() {
    await this.dialog.getByRole("button", { name: "Save", exact: true }).click();
  }
}
