import { expect, type Page } from "@playwright/test";
import { hydrated } from "./portal";

/** Page object for the audit log: its filters, the table, the pager, the chain status and the exports. */
export class AuditPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/audit${query ? `?${query}` : ""}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await hydrated(this.page);
  }

  table() {
    return this.page.getByRole("table", { name: "Audit entries" });
  }

  rows() {
    return this.table().locator("tbody tr");
  }

  chainStatus() {
    return this.page.getByTestId("chain-status");
  }

  /** "Entries 1–50 of 123" above the table. */
  summary() {
    return this.page.locator("#audit-results");
  }

  filters() {
    return this.page.getByRole("search", { name: "Filter the audit log" });
  }

  async filter({ action, actor, application, from, to }: { action?: string; actor?: string; application?: string; from?: string; to?: string }) {
    const form = this.filters();
    if (action !== undefined) await form.getByLabel("Action").selectOption({ label: action });
    if (actor !== undefined) await form.getByLabel("Who").selectOption({ label: actor });
    if (application !== undefined) await form.getByLabel("Application").selectOption({ label: application });
    if (from !== undefined) await form.getByLabel("From").fill(from);
    if (to !== undefined) await form.getByLabel("To").fill(to);
    await form.getByRole("button", { name: "Apply filters" }).click();
    await expect(this.page).toHaveURL(/\/audit\?/);
    await hydrated(this.page);
  }

  pager() {
    return this.page.getByRole("navigation", { name: "Audit log pages" });
  }
}
