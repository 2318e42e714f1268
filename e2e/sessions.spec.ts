import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { Portal } from "./pages/portal";
import { EMULATOR_HTTP, E2E } from "./stack-config";
import { query } from "./support/db";

/**
 * Sessions live on the server: a copy of the session cookie is worth nothing once the session is
 * ended — by signing out, by "sign out everywhere", by a tenant admin, or by Entra ID no longer
 * knowing the person. The e2e stack confirms sessions with the emulator every 5 seconds.
 */
const baseURL = `http://localhost:${E2E.appPort}`;
type Copied = Awaited<ReturnType<BrowserContext["storageState"]>>;

async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new Portal(page).signInAs(email);
  return { context, page, copy: () => context.storageState() };
}

/** Opens the portal with a copied cookie in a fresh browser: the sign-in page when the session is over. */
async function expectRefused(browser: Browser, copied: Copied) {
  const context = await browser.newContext({ baseURL, storageState: copied });
  const page = await context.newPage();
  await expect(async () => {
    await page.goto("/applications");
    await expect(page).toHaveURL(/\/signin/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();
  await context.close();
}

async function expectAccepted(browser: Browser, copied: Copied) {
  const context = await browser.newContext({ baseURL, storageState: copied });
  const page = await context.newPage();
  await page.goto("/applications");
  await expect(page.getByRole("heading", { level: 1, name: "Applications" })).toBeVisible();
  await context.close();
}

const userId = (email: string) => query<{ id: string }>("select id from users where email = ?", email)[0]!.id;
const sealedTokens = (email: string) => query<{ n: number }>("select count(*) as n from accounts where user_id = ?", userId(email))[0]!.n;
const lastAudit = (action: string, targetEmail: string) =>
  query<{ detail: string }>("select detail from audit_log where action = ? and target_id = ? order by id desc limit 1", action, userId(targetEmail))[0];

test.describe.serial("sessions end on the server", () => {
  test("sign-out ends the session everywhere the cookie was copied, and deletes the sealed refresh token", async ({ browser }) => {
    const omar = await signedIn(browser, "omar@contoso.example");
    const copied = await omar.copy();
    await expectAccepted(browser, copied);
    await new Portal(omar.page).signOut();
    await expectRefused(browser, copied);
    // The refresh token goes with the last open session (other specs may have left Omar signed in elsewhere).
    const stillOpen = query<{ n: number }>("select count(*) as n from sessions where user_id = ? and expires_at > ?", userId("omar@contoso.example"), Date.now())[0]!.n;
    expect(sealedTokens("omar@contoso.example")).toBe(stillOpen ? 1 : 0);
    expect(JSON.parse(lastAudit("user.signed_out", "omar@contoso.example")!.detail)).toMatchObject({ tokensDeleted: !stillOpen });
    await omar.context.close();
  });

  test("a person sees their sessions, ends another one, then signs out everywhere", async ({ browser }) => {
    const first = await signedIn(browser, "omar@contoso.example");
    const second = await signedIn(browser, "omar@contoso.example");
    const secondCopy = await second.copy();
    const secondId = query<{ id: string }>("select id from sessions where user_id = ? order by created_at desc limit 1", userId("omar@contoso.example"))[0]!.id;

    await first.page.getByRole("button", { name: /Account menu/ }).click();
    await first.page.getByRole("menuitem", { name: "Your sessions" }).click();
    await expect(first.page.getByRole("heading", { level: 1, name: "Your sessions" })).toBeVisible();
    const rows = first.page.getByTestId("session-row");
    await expect(rows.filter({ hasText: "This browser" })).toHaveCount(1);
    await expect(rows.locator(`xpath=self::*[@data-session-id="${secondId}"]`)).toHaveCount(1);
    await rows.locator(`xpath=self::*[@data-session-id="${secondId}"]`).getByRole("button", { name: /End session on/ }).click();
    await first.page.getByRole("button", { name: "End session" }).click();
    await expect(rows.locator(`xpath=self::*[@data-session-id="${secondId}"]`)).toHaveCount(0);
    await expectRefused(browser, secondCopy);
    expect(JSON.parse(lastAudit("session.ended", "omar@contoso.example")!.detail)).toMatchObject({ session: secondId, reason: "ended_by_user" });

    const firstCopy = await first.copy();
    await first.page.getByRole("button", { name: "Sign out everywhere" }).click();
    await first.page.getByRole("alertdialog").getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(first.page).toHaveURL(/\/signin/);
    await expectRefused(browser, firstCopy);
    expect(query("select id from sessions where user_id = ?", userId("omar@contoso.example"))).toEqual([]);
    expect(sealedTokens("omar@contoso.example")).toBe(0);
    await first.context.close();
    await second.context.close();
  });

  test("a tenant admin ends every session of a person in System → People", async ({ browser }) => {
    const nina = await signedIn(browser, "nina@contoso.example");
    const copied = await nina.copy();
    const adele = await signedIn(browser, "adele@contoso.example");
    await adele.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /People/ }).click();
    await expect(adele.page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
    const row = adele.page.getByTestId("person-row").filter({ hasText: "nina@contoso.example" });
    await row.getByRole("button", { name: "End sessions of Nina Novak" }).click();
    await adele.page.getByRole("alertdialog").getByRole("button", { name: "End sessions" }).click();
    await expect(adele.page.getByRole("alertdialog")).toBeHidden();
    await expect(row.getByRole("button", { name: /End sessions/ })).toHaveCount(0);
    await expectRefused(browser, copied);
    expect(JSON.parse(lastAudit("session.ended_all", "nina@contoso.example")!.detail)).toMatchObject({ reason: "ended_by_admin" });
    await nina.context.close();
    await adele.context.close();
  });

  test("a person removed from Entra ID is refused at their next request", async ({ browser, request }) => {
    const nina = await signedIn(browser, "nina@contoso.example");
    const copied = await nina.copy();
    try {
      expect((await request.post(`${EMULATOR_HTTP}/_emulator/users/nina@contoso.example/remove`)).ok()).toBe(true);
      await expectRefused(browser, copied);
      expect(JSON.parse(lastAudit("session.ended_all", "nina@contoso.example")!.detail)).toMatchObject({ reason: "entra_refused", why: "AADSTS50034" });
    } finally {
      await request.post(`${EMULATOR_HTTP}/_emulator/users/nina@contoso.example/restore`);
      await nina.context.close();
    }
  });

  test("a tenant admin who loses the Rotor.Admin app role loses the System pages at the next confirmation", async ({ browser, request }) => {
    const adele = await signedIn(browser, "adele@contoso.example");
    try {
      await adele.page.goto("/system/people");
      await expect(adele.page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
      expect((await request.put(`${EMULATOR_HTTP}/_emulator/users/adele@contoso.example/roles`, { data: { roles: [] } })).ok()).toBe(true);
      await expect(async () => {
        const response = await adele.page.goto("/system/people");
        expect(response!.status()).toBe(404);
      }).toPass({ timeout: 20_000 });
    } finally {
      await request.post(`${EMULATOR_HTTP}/_emulator/users/adele@contoso.example/restore`);
    }
    await expect(async () => {
      const response = await adele.page.goto("/system/people");
      expect(response!.status()).toBe(200);
    }).toPass({ timeout: 20_000 });
    await adele.context.close();
  });
});
