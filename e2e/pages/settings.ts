import { expect, type Page } from "@playwright/test";
import { EMULATOR_HTTP } from "../stack-config";
import { hydrated } from "./portal";

/** Page object for System → Azure DevOps. */
export class DevopsSettingsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/system/azure-devops");
    await hydrated(this.page);
    await expect(this.page.getByRole("heading", { level: 1, name: "Azure DevOps" })).toBeVisible();
  }

  switch(name: "DevOps Integration" | "Use ServicePrincipal for connections" | "Include Home Tenant Organizations") {
    return this.page.getByRole("switch", { name });
  }

  async setSwitch(name: Parameters<DevopsSettingsPage["switch"]>[0], on: boolean) {
    const control = this.switch(name);
    if ((await control.getAttribute("aria-checked")) !== String(on)) await control.click();
    await expect(control).toHaveAttribute("aria-checked", String(on));
  }

  registryHosts() {
    return this.page.getByLabel("Docker registry allow-list");
  }

  patInput() {
    return this.page.getByLabel("Azure DevOps Personal Access Token");
  }

  storedPat() {
    return this.page.getByTestId("stored-pat");
  }

  async save() {
    await this.page.getByRole("button", { name: "Save settings" }).click();
    await expect(this.page.getByRole("button", { name: "Save settings" })).toBeEnabled({ timeout: 15_000 });
  }

  outcome() {
    return this.page.locator("#settings-outcome");
  }
}

/** Mints a PAT in the emulator, as a person would in Azure DevOps' "New token" dialog. */
export async function mintPat(page: Page, userKey: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await page.request.post(`${EMULATOR_HTTP}/_emulator/devops/pats`, { data: { userKey, ...extra } });
  return ((await res.json()) as { token: string }).token;
}
