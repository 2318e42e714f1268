import { expect, type Locator, type Page } from "@playwright/test";
import { hydrated } from "./portal";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Page object for the Applications page: the list, its search and sort, Add, Remove and Sync. */
export class ApplicationsPage {
  constructor(readonly page: Page) {}

  /** Opens the page and waits until it shows either the list or an empty state. */
  async open(query = "") {
    await this.page.goto(`/applications${query}`);
    await hydrated(this.page);
    await expect(this.page.getByRole("heading", { level: 1, name: "Applications" })).toBeVisible();
    await expect(this.table().or(this.emptyState())).toBeVisible();
  }

  table(): Locator {
    return this.page.getByRole("table", { name: /^Managed applications/ });
  }

  emptyState(): Locator {
    return this.page.getByRole("heading", { name: "No applications yet" });
  }

  /** The row of an application, found by its display name. */
  row(name: string): Locator {
    return this.table().getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${escape(name)}\\b`) }) });
  }

  /** Display names in the order the list shows them. */
  async names(): Promise<string[]> {
    return this.table().getByTestId("application-name").allInnerTexts();
  }

  search(): Locator {
    return this.page.getByRole("searchbox", { name: "Search" });
  }

  sort(): Locator {
    return this.page.getByLabel("Sort by");
  }

  addButton(): Locator {
    return this.page.getByRole("button", { name: "Add application" });
  }

  addDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Add an application" });
  }

  async openAddDialog() {
    await this.addButton().click();
    await expect(this.addDialog()).toBeVisible();
  }

  /**
   * Adds an application through the dialog as the signed-in admin, unless it is already listed
   * (other specs share the stack, so this may run more than once).
   */
  async addApplication(name: string) {
    await this.open();
    if ((await this.row(name).count()) > 0) return;
    await this.openAddDialog();
    await this.addDialog().getByRole("button", { name: `Add ${name}`, exact: true }).click();
    await expect(this.addDialog().getByRole("status")).toContainText(`${name} added`, { timeout: 15_000 });
    await this.page.keyboard.press("Escape");
    await expect(this.addDialog()).toBeHidden();
    await expect(this.row(name)).toBeVisible();
  }

  /** Remove from Rotor, confirmed. */
  async remove(name: string) {
    await this.row(name).getByRole("button", { name: `Remove ${name} from Rotor` }).click();
    const confirm = this.page.getByRole("alertdialog", { name: `Remove ${name} from Rotor?` });
    await expect(confirm).toContainText("Nothing is deleted in Entra ID; Rotor stops rotating it");
    await confirm.getByRole("button", { name: "Remove from Rotor" }).click();
    await expect(confirm).toBeHidden({ timeout: 15_000 });
  }
}
