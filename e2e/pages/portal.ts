import { expect, type Page } from "@playwright/test";

/** Waits until React has hydrated the portal, so a click reaches its handler (a slow machine lags). */
export async function hydrated(page: Page) {
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached({ timeout: 15_000 });
}

/** Page object for signing in through the emulator's account picker and moving around the shell. */
export class Portal {
  constructor(readonly page: Page) {}

  async signInAs(email: string) {
    await this.page.goto("/applications");
    await expect(this.page).toHaveURL(/\/signin/);
    await this.page.getByRole("button", { name: "Sign in with Microsoft" }).click();
    await expect(this.page.getByRole("heading", { name: "Pick an account" })).toBeVisible();
    await this.page.getByRole("button", { name: new RegExp(email.replace(/[.@]/g, "\\$&")) }).click();
    await expect(this.page).toHaveURL(/\/applications$/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Applications" })).toBeVisible();
    await hydrated(this.page);
  }

  nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }

  tenant() {
    return this.page.getByTestId("tenant-name");
  }

  async signOut() {
    await hydrated(this.page);
    await this.page.getByRole("button", { name: /Account menu/ }).click();
    await this.page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/signin/);
  }
}
