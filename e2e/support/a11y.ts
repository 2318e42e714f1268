import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";
import { ApplicationsPage } from "../pages/applications";
import { Portal } from "../pages/portal";
import { DevopsSettingsPage } from "../pages/settings";

/** The two widths every page must work at: a laptop and a phone. */
export const WIDTHS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

const WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Scans the page as it is now for WCAG 2.1 A/AA violations and fails naming each one and where it is. */
export async function expectNoAxeViolations(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG21_AA).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`).join("\n")}`);
  expect.soft(found, `axe at ${where}`).toEqual([]);
}

/** Fails when the page is wider than the viewport (content escapes to a sideways scroll of the whole page). */
export async function expectNoPageOverflow(page: Page, where: string) {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const vw = window.innerWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > vw + 1 && getComputedStyle(el).position !== "fixed";
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, culprits: wide };
  });
  expect.soft(scrollWidth, `page width at ${where} (wider: ${culprits.join(", ")})`).toBeLessThanOrEqual(innerWidth);
}

/** Fails when the element does not fit inside the viewport. */
export async function expectInsideViewport(page: Page, selector: ReturnType<Page["locator"]>, where: string) {
  const box = await selector.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, `${where} is on screen`).not.toBeNull();
  expect(box!.x, `${where} left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${where} top edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${where} right edge`).toBeLessThanOrEqual(viewport.width + 0.5);
  expect(box!.y + box!.height, `${where} bottom edge`).toBeLessThanOrEqual(viewport.height + 0.5);
}

/** Integration on and three applications added, as the tenant admin (idempotent: a retry or another spec may have done it). */
export async function setUp(browser: Browser) {
  const page = await browser.newPage();
  await new Portal(page).signInAs("adele@contoso.example");
  const form = new DevopsSettingsPage(page);
  await form.open();
  await form.setSwitch("DevOps Integration", true);
  await form.save();
  const apps = new ApplicationsPage(page);
  for (const name of ["Payments API", "Reporting Service", "Container Builds"]) await apps.addApplication(name);
  await page.close();
}

