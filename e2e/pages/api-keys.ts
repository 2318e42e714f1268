import { expect, type Page } from "@playwright/test";
import { hydrated } from "./portal";

/** Page object for System → API keys. */
export class ApiKeysPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/system/api-keys");
    await hydrated(this.page);
    await expect(this.page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  }

  nameInput() {
    return this.page.getByLabel("Name", { exact: true });
  }

  /** Creates a key and returns it, read from the one place it is ever shown. */
  async create(name: string): Promise<string> {
    await this.nameInput().fill(name);
    await this.page.getByRole("button", { name: "Create key" }).click();
    await expect(this.newKeyPanel()).toBeVisible({ timeout: 15_000 });
    return this.newKeyInput().inputValue();
  }

  newKeyPanel() {
    return this.page.getByTestId("new-api-key-panel");
  }

  newKeyInput() {
    return this.page.getByLabel("New API key");
  }

  table() {
    return this.page.getByRole("table", { name: "API keys" });
  }

  row(name: string) {
    return this.page.getByTestId("api-key-row").filter({ has: this.page.getByRole("rowheader", { name, exact: true }) });
  }

  async revoke(name: string) {
    await this.row(name).getByRole("button", { name: `Revoke ${name}` }).click();
    const dialog = this.page.getByRole("alertdialog");
    await expect(dialog).toContainText(`Revoke “${name}”?`);
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await expect(dialog).toBeHidden({ timeout: 15_000 });
  }
}
