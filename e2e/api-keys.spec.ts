import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TENANTS } from "../emulator/seed";
import { ApiKeysPage } from "./pages/api-keys";
import { Portal } from "./pages/portal";
import { E2E } from "./stack-config";

const keyRows = (tenantId: string) => {
  const db = new Database(join(E2E.dataDir, "rotor.db"), { readonly: true });
  const rows = db.prepare("select * from api_keys where tenant_id = ? order by created_at").all(tenantId) as Record<string, unknown>[];
  db.close();
  return rows;
};

/** The create request the admin's browser sent, to replay as someone else (a forged call). */
let recordedCreate: { url: string; headers: Record<string, string>; body: string } | null = null;
let createdKey = "";

function recordCreate(page: Page) {
  page.on("request", (request) => {
    const headers = request.headers();
    if (request.method() === "POST" && headers["next-action"] && request.postData()?.includes("Nightly pipeline")) {
      recordedCreate = { url: request.url(), headers: { "next-action": headers["next-action"], "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8", accept: "text/x-component" }, body: request.postData()! };
    }
  });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

test.describe.serial("System → API keys", () => {
  test("an admin creates a key: shown once with a warning and Copy, then only its prefix", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    recordCreate(page);
    await new Portal(page).signInAs("adele@contoso.example");
    await new Portal(page).nav().getByRole("link", { name: "API keys" }).click();
    const keys = new ApiKeysPage(page);
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    await expect(page.getByText("No API keys yet")).toBeVisible();

    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.locator("#api-key-name-error")).toContainText("Give the key a name");

    createdKey = await keys.create("Nightly pipeline");
    expect(createdKey).toMatch(/^rtr_[0-9A-Za-z]{8}_[0-9A-Za-z]{43}$/);
    await expect(keys.newKeyPanel()).toContainText("it is shown only once");
    await keys.newKeyPanel().getByRole("button", { name: "Copy" }).click();
    await expect(keys.newKeyPanel().getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(createdKey);

    const prefix = createdKey.slice(0, 12);
    await expect(keys.row("Nightly pipeline")).toContainText(`${prefix}…`);
    await expect(keys.row("Nightly pipeline")).toContainText("by Adele Vance");
    await expect(keys.row("Nightly pipeline")).toContainText("Never");
    await expect(keys.row("Nightly pipeline")).toContainText("Active");
    await page.screenshot({ path: "test-results/screens/api-keys.png", fullPage: true });

    await page.reload();
    await expect(keys.row("Nightly pipeline")).toContainText(`${prefix}…`);
    await expect(keys.newKeyPanel()).toHaveCount(0);
    expect(await page.content()).not.toContain(createdKey.slice(13));

    const [row] = keyRows(TENANTS.contoso.id);
    expect(row).toMatchObject({ name: "Nightly pipeline", prefix, revoked_at: null });
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("the key works against /api/v1, in its own tenant only", async ({ page }) => {
    const missing = await page.request.get(`/api/v1/rotations/${crypto.randomUUID()}`, { headers: bearer(createdKey) });
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: "No rotation with that id in this API key's tenant." } });

    const due = await page.request.post("/api/v1/rotations/due", { headers: bearer(createdKey), data: { concurrency: 2 } });
    expect(due.status()).toBe(200);
    // The stack starts from the seed with no application under Rotor yet (this spec runs first).
    expect(await due.json()).toMatchObject({ started: [], alreadyRunning: [] });

    const unauthenticated = await page.request.post("/api/v1/rotations/due");
    expect(unauthenticated.status()).toBe(401);
    expect(((await unauthenticated.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    // Verbs a route does not export are Next's 405; unknown paths a JSON 404.
    expect((await page.request.get("/api/v1/rotations/due", { headers: bearer(createdKey) })).status()).toBe(405);
    expect((await page.request.delete(`/api/v1/rotations/${crypto.randomUUID()}`, { headers: bearer(createdKey) })).status()).toBe(405);
    const unknown = await page.request.get("/api/v1/nothing-here");
    expect(unknown.status()).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const openapi = await page.request.get("/api/v1/openapi.json");
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe("3.1.0");
    expect(keyRows(TENANTS.contoso.id)[0]!.last_used_at).not.toBeNull();
  });

  test("an owner gets 404 for the page and a forged create is refused; the key never reaches the log or the database", async ({ page }) => {
    expect(recordedCreate).not.toBeNull();
    const before = keyRows(TENANTS.contoso.id).length;
    await new Portal(page).signInAs("omar@contoso.example");
    await expect(new Portal(page).nav().getByRole("link", { name: "API keys" })).toHaveCount(0);
    expect((await page.goto("/system/api-keys"))?.status()).toBe(404);
    const forged = await page.request.post(recordedCreate!.url, { headers: recordedCreate!.headers, data: recordedCreate!.body });
    const text = await forged.text();
    expect(text).toContain("Only tenant admins can do this.");
    expect(text).not.toMatch(/rtr_[0-9A-Za-z]{8}_/);
    expect(keyRows(TENANTS.contoso.id)).toHaveLength(before);

    const dbFile = join(E2E.dataDir, "rotor.db");
    const stored = ["", "-wal"].filter((s) => existsSync(dbFile + s)).map((s) => readFileSync(dbFile + s).toString("latin1")).join("");
    expect(stored.includes(createdKey), "API key in the database file").toBe(false);
    expect(readFileSync(join(E2E.dataDir, "logs", "app.log"), "utf8").includes(createdKey), "API key in the server log").toBe(false);
  });

  test("the admin revokes the key; it stops working at once, and the audit log has both changes", async ({ page }) => {
    await new Portal(page).signInAs("adele@contoso.example");
    const keys = new ApiKeysPage(page);
    await keys.open();
    await keys.revoke("Nightly pipeline");
    await expect(keys.row("Nightly pipeline")).toContainText("Revoked");
    await expect(keys.row("Nightly pipeline").getByRole("button", { name: /Revoke/ })).toHaveCount(0);
    await page.screenshot({ path: "test-results/screens/api-keys-revoked.png", fullPage: true });

    const refused = await page.request.post("/api/v1/rotations/due", { headers: bearer(createdKey) });
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: "unauthenticated", message: "The API key is not valid: it is unknown or has been revoked." } });
    expect(keyRows(TENANTS.contoso.id)[0]!.revoked_at).not.toBeNull();

    await page.goto("/audit");
    const audit = page.getByRole("table", { name: "Audit entries" });
    await expect(audit).toContainText("Created an API key");
    await expect(audit).toContainText("Revoked an API key");
    await expect(audit).toContainText(`“Nightly pipeline” (${createdKey.slice(0, 12)}…)`);
    expect(await page.content()).not.toContain(createdKey.slice(13));
  });
});
