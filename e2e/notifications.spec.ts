import { expect, test } from "@playwright/test";
import { verifySignature } from "../lib/notify/signature";
import { NotificationsPage } from "./pages/notifications";
import { Portal } from "./pages/portal";
import { EMULATOR_HTTP, E2E_SMTP_PORT } from "./stack-config";

/**
 * Issue 13: an admin sets up alerts in System → Notifications — the SMTP server (the emulator's
 * sink), a signed webhook — sends a test through each and finds it in the mailbox and the webhook
 * sink; hostile webhook targets are refused with a sentence; members do not find the page. Leaves
 * Contoso with the SMTP channel and the "Platform alerts" webhook configured.
 */
type Mail = { to: string; subject: string };
type Delivery = { name: string; headers: Record<string, string>; body: string };

test.describe.serial("System → Notifications", () => {
  test("an admin connects the SMTP server and a signed webhook, and each test arrives", async ({ page }) => {
    test.slow();
    await new Portal(page).signInAs("adele@contoso.example");
    await new Portal(page).nav().getByRole("link", { name: "Notifications" }).click();
    const notifications = new NotificationsPage(page);
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();

    await notifications.saveSmtp({ host: "localhost", port: E2E_SMTP_PORT, from: "rotor@contoso.example" });
    await page.getByRole("button", { name: "Send a test through the SMTP server" }).click();
    await expect(page.getByText("Test sent to adele@contoso.example.")).toBeVisible({ timeout: 20_000 });
    const mails = ((await (await page.request.get(`${EMULATOR_HTTP}/_emulator/mail.json`)).json()) as { value: Mail[] }).value;
    expect(mails.some((m) => m.to === "adele@contoso.example" && m.subject.startsWith("[Rotor] Test message"))).toBe(true);

    // A loopback receiver is refused until the admin allows private targets for this webhook.
    const sinkUrl = `${EMULATOR_HTTP}/_emulator/webhooks/in/platform-alerts`;
    await notifications.addWebhook({ name: "Platform alerts", url: sinkUrl, allowPrivate: false });
    await expect(notifications.webhookForm().locator("#webhook-url-error")).toContainText("loopback address");
    await notifications.addWebhook({ name: "Platform alerts", url: sinkUrl, allowPrivate: true });
    const panel = page.getByTestId("signing-secret-panel");
    await expect(panel).toContainText("it is shown only once");
    const secret = await panel.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.screenshot({ path: "test-results/screens/issue13-webhook-secret.png", fullPage: true });
    await panel.getByRole("button", { name: "Done" }).click();

    await notifications.webhook("Platform alerts").getByRole("button", { name: "Send a test through Platform alerts" }).click();
    await expect(notifications.webhook("Platform alerts")).toContainText("Test sent to localhost", { timeout: 20_000 });
    const hooks = ((await (await page.request.get(`${EMULATOR_HTTP}/_emulator/webhooks.json`)).json()) as { value: Delivery[] }).value;
    const hook = hooks.filter((d) => d.name === "platform-alerts").at(-1)!;
    expect(verifySignature(secret, { body: hook.body, signature: hook.headers["x-rotor-signature"]!, timestamp: hook.headers["x-rotor-timestamp"]! })).toBe(true);

    await page.reload();
    await expect(notifications.webhook("Platform alerts")).toContainText("Working");
    await expect(page.getByText(secret)).toHaveCount(0);
    await page.screenshot({ path: "test-results/screens/issue13-notifications.png", fullPage: true });
  });

  test("hostile webhook targets are refused with a sentence, and nothing is added", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const notifications = new NotificationsPage(page);
    await notifications.open();
    const before = await page.getByTestId("webhook-row").count();
    for (const [url, message] of [
      ["ftp://hooks.example.com/rotor", /must start with https:\/\//],
      ["https://169.254.169.254/latest/meta-data/", /link-local.*never sends alerts there/],
      ["https://10.1.2.3/hook", /private network address/],
      ["https://[::1]/hook", /loopback address/],
    ] as const) {
      await notifications.addWebhook({ name: "Probe", url, allowPrivate: false });
      await expect(notifications.webhookForm().locator("#webhook-url-error")).toContainText(message);
    }
    // Even allowed private targets never include the metadata service.
    await notifications.addWebhook({ name: "Probe", url: "https://169.254.169.254/", allowPrivate: true });
    await expect(notifications.webhookForm().locator("#webhook-url-error")).toContainText("never sends alerts there");
    await page.reload();
    await expect(page.getByTestId("webhook-row")).toHaveCount(before);
  });

  test("the delivery log and the emulator's mailbox and webhook pages show what was sent", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    await page.goto("/system/notifications");
    await page.getByRole("link", { name: "Delivery log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Delivery log" })).toBeVisible();
    const table = page.getByRole("region", { name: "Deliveries" });
    await expect(table).toContainText("Test message from Rotor");
    await expect(table).toContainText("Delivered");
    await page.screenshot({ path: "test-results/screens/issue13-delivery-log.png", fullPage: true });

    await page.goto(`${EMULATOR_HTTP}/_emulator/mail`);
    await expect(page.getByRole("heading", { name: "Mailbox" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2 })).toContainText("[Rotor]");
    await page.screenshot({ path: "test-results/screens/issue13-mailbox.png", fullPage: true });
    await page.goto(`${EMULATOR_HTTP}/_emulator/webhooks`);
    await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/issue13-webhooks.png", fullPage: true });
  });

  test("a member does not find the page (404), and cannot save through its action", async ({ page }) => {
    await new Portal(page).signInAs("omar@contoso.example");
    await expect(new Portal(page).nav().getByRole("link", { name: "Notifications" })).toHaveCount(0);
    const response = await page.goto("/system/notifications");
    expect(response?.status()).toBe(404);
  });
});
