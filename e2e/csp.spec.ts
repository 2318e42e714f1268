import { expect, test } from "@playwright/test";
import { ApiKeysPage } from "./pages/api-keys";
import { hydrated, Portal } from "./pages/portal";
import { query } from "./support/db";

/**
 * The Content-Security-Policy: a fresh nonce per request, `'strict-dynamic'`, no
 * `'unsafe-inline'` for scripts. Next.js' own scripts carry the nonce (the pages hydrate), and an
 * inline script that reaches a page some other way is blocked, with the browser's report.
 */
const scriptSrc = (csp: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src "))!;
const PAGES = ["/signin", "/applications", "/system/azure-devops", "/system/api-keys", "/system/people", "/system/notifications", "/system/notifications/deliveries", "/audit", "/account/sessions", "/no-such-page"];

test("every page is served with a nonce CSP, and each of its scripts carries that nonce", async ({ page }) => {
  await new Portal(page).signInAs("adele@contoso.example");
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const response = await page.request.get(path);
    const csp = response.headers()["content-security-policy"] ?? "";
    const directive = scriptSrc(csp);
    expect(directive, path).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
    expect(directive, path).not.toContain("unsafe-inline");
    const nonce = directive.match(/'nonce-([^']+)'/)![1]!;
    nonces.add(nonce);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, `${path} has scripts`).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size, "a new nonce for every request").toBe(PAGES.length);
});

test("an inline <script> from a stored value is blocked, and the browser reports the violation", async ({ page }) => {
  const name = `<script>window.__injected = true</script> ${Date.now().toString(36)}`;
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string; sample: string }[] = [];
    (window as unknown as { __csp: typeof seen }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));
  });
  await new Portal(page).signInAs("adele@contoso.example");
  const keys = new ApiKeysPage(page);
  await keys.open();
  await keys.create(name);
  await page.reload();
  await hydrated(page);
  // React prints it as text: the name is shown, nothing ran.
  await expect(keys.row(name)).toBeVisible();

  // Were that escaping ever lost, the script would reach the page as markup. Simulate exactly that
  // (the stored name unescaped in Rotor's answer, its headers untouched): the CSP must stop it.
  await page.route("**/system/api-keys", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replaceAll("&lt;script&gt;window.__injected = true&lt;/script&gt;", "<script>window.__injected = true</script>");
    expect(html).toContain("<script>window.__injected = true</script>");
    await route.fulfill({ response, body: html });
  });
  await page.goto("/system/api-keys");
  await hydrated(page); // Next's nonced scripts still run
  await expect.poll(() => page.evaluate(() => (window as unknown as { __csp: { directive: string; blocked: string }[] }).__csp)).toContainEqual(
    expect.objectContaining({ directive: "script-src-elem", blocked: "inline" }),
  );
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await page.unroute("**/system/api-keys");

  const row = query<{ id: string }>("select id from api_keys where name = ?", name)[0]!;
  await keys.open();
  await keys.row(name).getByRole("button", { name: /^Revoke/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect.poll(() => query<{ at: number | null }>("select revoked_at as at from api_keys where id = ?", row.id)[0]!.at).not.toBeNull();
});
