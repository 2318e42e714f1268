import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TENANTS, USERS } from "../emulator/seed";
import { ApiKeysPage } from "./pages/api-keys";
import { ApplicationsPage } from "./pages/applications";
import { Portal } from "./pages/portal";
import { E2E, EMULATOR_HTTP } from "./stack-config";

/**
 * Signs every seeded user in and walks every page, rotates an application through the scheduler
 * API with a new API key, then searches the database files, the server's log, every response body
 * the browser or the API client received and the session for every secret the emulator issued
 * (codes, tokens, client secrets, new application secrets, PATs), the API key and Rotor's keys.
 */
async function rotateThroughApi(page: import("@playwright/test").Page, bodies: string[]): Promise<string> {
  await new Portal(page).signInAs("adele@contoso.example");
  const apps = new ApplicationsPage(page);
  await apps.open();
  if (await apps.emptyState().isVisible()) await apps.addApplication("Legacy Batch");
  const keys = new ApiKeysPage(page);
  await keys.open();
  const apiKey = await keys.create(`Leak check ${Date.now()}`); // its one showing is not searched
  const db = new Database(join(E2E.dataDir, "rotor.db"), { readonly: true });
  const { id } = db.prepare("select id from applications where tenant_id = ? order by devops_enabled desc limit 1").get(TENANTS.contoso.id) as { id: string };
  db.close();
  const headers = { authorization: `Bearer ${apiKey}` };
  const clientSecrets = async () =>
    ((await (await page.request.get(`${EMULATOR_HTTP}/_emulator/issued-secrets`)).json()) as { value: { kind: string }[] }).value.filter((i) => i.kind === "client_secret").length;
  const before = await clientSecrets();
  const started = await page.request.post(`/api/v1/applications/${id}/rotations`, { headers });
  bodies.push(await started.text());
  expect([200, 201, 202]).toContain(started.status());
  const { id: rotationId } = (JSON.parse(bodies.at(-1)!) as { rotation: { id: string } }).rotation;
  await expect
    .poll(async () => {
      const response = await page.request.get(`/api/v1/rotations/${rotationId}`, { headers });
      bodies.push(await response.text());
      return (JSON.parse(bodies.at(-1)!) as { rotation: { state: string } }).rotation.state;
    }, { timeout: 60_000 })
    .toMatch(/^(succeeded|failed)$/);
  expect(await clientSecrets(), "the rotation made a new application secret to search for").toBeGreaterThan(before);
  await new Portal(page).signOut();
  return apiKey;
}

function readonlyQuery(sql: string, ...params: unknown[]): number {
  const db = new Database(join(E2E.dataDir, "rotor.db"), { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

test("no token, secret or key reaches the database, the log, a page or the session", async ({ page, browser }) => {
  const bodies: string[] = [];
  page.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (/text|json|javascript|x-component/.test(type)) bodies.push(await response.text().catch(() => ""));
  });

  test.setTimeout(120_000);
  // In a page of its own, whose responses (the key's one showing among them) are not collected.
  const apiPage = await browser.newPage();
  const apiKey = await rotateThroughApi(apiPage, bodies);
  await apiPage.close();
  const portal = new Portal(page);
  for (const user of USERS) {
    await portal.signInAs(user.email);
    for (const path of ["/applications", "/system/azure-devops", "/system/notifications", "/system/notifications/deliveries", "/audit"]) {
      await page.goto(path);
      bodies.push(await page.content());
    }
    // The audit export holds every entry of the tenant (a 404 for anyone but its admins).
    for (const format of ["csv", "json"]) bodies.push(await (await page.request.get(`/audit/export?format=${format}`)).text());
    const session = await page.request.get("/api/auth/session");
    const sessionJson = await session.json();
    expect(Object.keys(sessionJson.user).sort()).toEqual(["email", "id", "isGuest", "name", "role", "tenantId", "tenantName"]);
    bodies.push(JSON.stringify(sessionJson));
    for (const cookie of await page.context().cookies()) bodies.push(cookie.value);
    // Stored (sealed) while signed in, so the search below is meaningful; sign-out deletes it once no session of theirs is left.
    expect(readonlyQuery("select count(*) as n from accounts a join users u on u.id = a.user_id where u.email = ? and a.refresh_token_sealed like 'v1.%'", user.email), `${user.email}'s refresh token, sealed`).toBe(1);
    await portal.signOut();
  }

  const issued = (await (await page.request.get(`${EMULATOR_HTTP}/_emulator/issued-secrets`)).json()) as { value: { kind: string; value: string }[] };
  const kinds = new Set(issued.value.map((i) => i.kind));
  // Earlier specs add PATs and new client secrets; these kinds at least must be there to search for.
  for (const kind of ["client_secret", "authorization_code", "access_token", "id_token", "refresh_token"]) expect(kinds).toContain(kind);
  const keys = JSON.parse(readFileSync(join(E2E.dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  const secrets = [...issued.value.map((i) => i.value), ...Object.values(keys), apiKey];

  const dbFile = join(E2E.dataDir, "rotor.db");
  const db = new Database(dbFile, { readonly: true });
  const sealed = db.prepare("select refresh_token_sealed as r from accounts").all() as { r: string | null }[];
  db.close();
  expect(sealed.every((row) => row.r?.startsWith("v1."))).toBe(true);

  const places: Record<string, string> = {
    "server log": readFileSync(join(E2E.dataDir, "logs", "app.log"), "utf8"),
    "responses and pages": bodies.join("\n"),
    // Every alert the specs caused (rotations, tests through the channels), as the SMTP and webhook sinks received them.
    "e-mails": await (await page.request.get(`${EMULATOR_HTTP}/_emulator/mail.json`)).text(),
    "webhook deliveries": await (await page.request.get(`${EMULATOR_HTTP}/_emulator/webhooks.json`)).text(),
  };
  for (const suffix of ["", "-wal", "-shm"]) {
    if (existsSync(dbFile + suffix)) places[`rotor.db${suffix}`] = readFileSync(dbFile + suffix).toString("latin1");
  }
  expect(places["server log"]).toContain("user signed in");
  expect(places["responses and pages"], "an admin's audit export was searched").toContain("seq,id,time_utc,actor_type");
  for (const [place, text] of Object.entries(places)) {
    const found = secrets.filter((secret) => text.includes(secret));
    expect(found.length, `${found.length} secret(s) found in ${place}`).toBe(0);
  }
});
