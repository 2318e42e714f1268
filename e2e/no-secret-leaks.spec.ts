import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { USERS } from "../emulator/seed";
import { Portal } from "./pages/portal";
import { E2E, EMULATOR_HTTP } from "./stack-config";

/**
 * Signs every seeded user in and walks every page, then searches the database files, the
 * server's log, every response body the browser received and the session for every secret the
 * emulator issued (codes, tokens, client secret) and every key Rotor holds.
 */
test("no token, secret or key reaches the database, the log, a page or the session", async ({ page }) => {
  const bodies: string[] = [];
  page.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (/text|json|javascript|x-component/.test(type)) bodies.push(await response.text().catch(() => ""));
  });

  const portal = new Portal(page);
  for (const user of USERS) {
    await portal.signInAs(user.email);
    for (const path of ["/applications", "/system/azure-devops", "/audit"]) {
      await page.goto(path);
      bodies.push(await page.content());
    }
    const session = await page.request.get("/api/auth/session");
    const sessionJson = await session.json();
    expect(Object.keys(sessionJson.user).sort()).toEqual(["email", "id", "isGuest", "name", "role", "tenantId", "tenantName"]);
    bodies.push(JSON.stringify(sessionJson));
    for (const cookie of await page.context().cookies()) bodies.push(cookie.value);
    await portal.signOut();
  }

  const issued = (await (await page.request.get(`${EMULATOR_HTTP}/_emulator/issued-secrets`)).json()) as { value: { kind: string; value: string }[] };
  const kinds = new Set(issued.value.map((i) => i.kind));
  // Earlier specs add PATs and new client secrets; these kinds at least must be there to search for.
  for (const kind of ["client_secret", "authorization_code", "access_token", "id_token", "refresh_token"]) expect(kinds).toContain(kind);
  const keys = JSON.parse(readFileSync(join(E2E.dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  const secrets = [...issued.value.map((i) => i.value), ...Object.values(keys)];

  const dbFile = join(E2E.dataDir, "rotor.db");
  const db = new Database(dbFile, { readonly: true });
  const sealed = db.prepare("select refresh_token_sealed as r from accounts").all() as { r: string | null }[];
  db.close();
  expect(sealed).toHaveLength(USERS.length); // tokens were stored (sealed), so the search below is meaningful
  expect(sealed.every((row) => row.r?.startsWith("v1."))).toBe(true);

  const places: Record<string, string> = {
    "server log": readFileSync(join(E2E.dataDir, "logs", "app.log"), "utf8"),
    "responses and pages": bodies.join("\n"),
  };
  for (const suffix of ["", "-wal", "-shm"]) {
    if (existsSync(dbFile + suffix)) places[`rotor.db${suffix}`] = readFileSync(dbFile + suffix).toString("latin1");
  }
  expect(places["server log"]).toContain("user signed in");
  for (const [place, text] of Object.entries(places)) {
    const found = secrets.filter((secret) => text.includes(secret));
    expect(found.length, `${found.length} secret(s) found in ${place}`).toBe(0);
  }
});
