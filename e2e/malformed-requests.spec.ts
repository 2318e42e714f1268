import { expect, test } from "@playwright/test";
import { Portal } from "./pages/portal";
import { actionKey, manifestActions } from "./support/server-actions";

/**
 * Requests Next.js would fail on before any of Rotor's code runs get a clear 4xx from proxy.ts
 * (lib/http/request-guard.ts), signed in or not, and a well-formed call still works after them.
 */
const history = () => manifestActions().get(actionKey("lib/actions/rotations/rotation-progress.ts", "listRotationHistory"))!;

test("a malformed percent-escape in a path is a 400, on pages and on the API", async ({ request }) => {
  for (const path of ["/api/v1/rotations/%zz", "/api/v1/applications/%/rotations", "/applications/%E0%A4%A"]) {
    const response = await request.fetch(path, { method: path.includes("/rotations/%zz") ? "GET" : "POST", maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toContain("malformed percent-escape");
  }
  // Too long to be one of Rotor's addresses (a redirect would send it back twice in its headers).
  const long = await request.get(`/api/?callbackUrl=${"0%2C".repeat(2_500)}`, { maxRedirects: 0 });
  expect(long.status()).toBe(414);
  const api = await request.get("/api/v1/rotations/%zz");
  expect(await api.json()).toEqual({ error: { code: "invalid_input", message: expect.stringContaining("malformed percent-escape") } });
});

test("server-action calls React's client never sends are a 400 or 413, and a real call still works", async ({ page }) => {
  await new Portal(page).signInAs("adele@contoso.example");
  const action = history();
  expect(action, "listRotationHistory is in the build").toBeDefined();
  const call = (data: string) =>
    page.request.post(action.page, { headers: { "next-action": action.id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" }, data, maxRedirects: 0 });
  const cases: [string, number, string][] = [
    ["not json", 400, "not valid JSON"],
    ['{"applicationId":"x"}', 400, "not a list of arguments"],
    ['["$Q1"]', 400, "refers to data it does not carry"],
    [`${"[".repeat(5_000)}${"]".repeat(5_000)}`, 400, "nested too deeply"],
    [JSON.stringify(["x".repeat(1_100_000)]), 413, "too large"],
  ];
  for (const [body, status, message] of cases) {
    const response = await call(body);
    expect(response.status(), body.slice(0, 40)).toBe(status);
    expect(await response.text()).toContain(message);
  }
  const fine = await call(JSON.stringify([{ applicationId: "f0e1d2c3-b4a5-4697-8899-aabbccddeeff" }]));
  expect(fine.status()).toBe(200);
  expect(await fine.text()).toContain('"ok":false');
});
