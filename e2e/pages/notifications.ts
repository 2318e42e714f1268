import { expect, type Page } from "@playwright/test";
import { hydrated } from "./portal";

/** System → Notifications: the SMTP form, the webhook form and list, alert settings. */
export class NotificationsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/system/notifications");
    await expect(this.page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
    await hydrated(this.page);
  }

  smtpForm() {
    return this.page.getByRole("form", { name: "SMTP server" });
  }

  webhookForm() {
    return this.page.getByRole("form", { name: "Add a webhook" });
  }

  webhook(name: string) {
    return this.page.getByTestId("webhook-row").filter({ hasText: name });
  }

  async saveSmtp({ host, port, from }: { host: string; port: number; from: string }) {
    const form = this.smtpForm();
    await form.getByLabel("SMTP host").fill(host);
    await form.getByLabel("Port").fill(String(port));
    await form.getByLabel("Sender address").fill(from);
    const allow = form.getByRole("switch", { name: "Allow private targets" });
    if ((await allow.getAttribute("aria-checked")) !== "true") await allow.click();
    await form.getByRole("button", { name: "Save SMTP server" }).click();
    // The demo tenant (and specs before this one) may hold these very settings already: then nothing changes.
    await expect(form.getByRole("status")).toContainText(/Saved|Nothing changed/, { timeout: 15_000 });
  }

  async addWebhook({ name, url, allowPrivate }: { name: string; url: string; allowPrivate: boolean }) {
    const form = this.webhookForm();
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("URL").fill(url);
    const allow = form.getByRole("switch", { name: "Allow private targets" });
    if (((await allow.getAttribute("aria-checked")) === "true") !== allowPrivate) await allow.click();
    await form.getByRole("button", { name: "Add webhook" }).click();
  }
}
