import { expect, test } from "@playwright/test";
import { EMULATOR_HTTP } from "./stack-config";
import { query } from "./support/db";
import { IDENTITIES, isUser, TENANT_OF, USER_OF, type Identity } from "./support/identities";
import { everyone, expectActionRefused, only, runActionRow, runCell, runRouteRow, type Expectations, type MatrixContext } from "./support/matrix";
import { ACTION_ROWS, SESSION_ACTIONS } from "./support/matrix-actions";
import { ROUTE_ROWS } from "./support/matrix-routes";
import { prepareMatrix } from "./support/matrix-setup";
import { freshSession } from "./support/fresh-session";
import { endPersonSessionsCells, endSessionCells, signOutEverywhereCells } from "./support/matrix-sessions";
import { callAction, manifestActions, sourceActions, sourceRoutes } from "./support/server-actions";

/**
 * Tenant isolation: every server action and every route handler, called over HTTP as each of ten
 * identities (see support/identities), against a declared table of who may do what. A refused
 * call must say so and change nothing in either tenant; an allowed one must work and change
 * nothing in another tenant. An action or route without a row fails the suite.
 */
const SESSION_ROWS: Record<(typeof SESSION_ACTIONS)[number], Expectations> = {
  // Anyone may start a sign-in; it only redirects to Entra ID.
  "lib/actions/auth/sign-in.ts#signInAction": everyone("public"),
  // A signed-in user's sign-out is audited in their own tenant; anyone else is sent to sign in.
  "lib/actions/auth/sign-out.ts#signOutAction": only(["otherOwner", "owner", "guest", "admin", "nonOwnerAdmin", "otherTenantAdmin"]),
  // Only Omar may end Omar's session (the call names it); every other person is told it does not exist.
  "lib/actions/sessions/end-session.ts#endSession": only(["owner"]),
  // Each person ends their own sessions, never anyone else's; the rest are sent to sign in.
  "lib/actions/sessions/sign-out-everywhere.ts#signOutEverywhere": only(["otherOwner", "owner", "guest", "admin", "nonOwnerAdmin", "otherTenantAdmin"]),
  // Contoso's admins end Nina's sessions; Northwind's admin is told she does not exist.
  "lib/actions/sessions/end-person-sessions.ts#endPersonSessions": only(["admin", "nonOwnerAdmin"]),
};

test("every server action and route handler has a row", () => {
  const rows = [...ACTION_ROWS.map((r) => r.action), ...SESSION_ACTIONS].sort();
  const built = [...manifestActions().keys()].sort();
  expect(built, "actions in the build's server-reference manifest").toEqual(rows);
  expect(sourceActions().sort(), "exported functions of lib/actions/**/*.ts marked \"use server\"").toEqual(rows);
  expect(sourceRoutes().sort(), "verbs exported by app/**/route.ts").toEqual(ROUTE_ROWS.map((r) => r.route).sort());
  for (const expectations of [...ACTION_ROWS.map((r) => r.expect), ...ROUTE_ROWS.map((r) => r.expect), ...Object.values(SESSION_ROWS)]) {
    expect(Object.keys(expectations).sort()).toEqual([...IDENTITIES].sort());
  }
  const cells = (rows.length + ROUTE_ROWS.length) * IDENTITIES.length;
  console.log(`isolation matrix: ${rows.length} actions × ${IDENTITIES.length} identities + ${ROUTE_ROWS.length} route verbs × ${IDENTITIES.length} identities = ${cells} cells`);
});

let ctx: MatrixContext;
let restore: () => Promise<void> = async () => {};

test.describe.serial("tenant isolation matrix", () => {
  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(120_000);
    ({ ctx, restore } = await prepareMatrix(browser));
  });
  test.afterAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(90_000);
    // The session tests ended the matrix's sessions: clean up with new ones.
    for (const identity of ["admin", "owner", "otherTenantAdmin"] as const) ctx.ids.clients[identity] = (await freshSession(browser, USER_OF[identity])).client;
    await restore();
  });

  for (const row of ACTION_ROWS) {
    test(`action ${row.action.split("#")[1]}`, async () => {
      test.setTimeout(90_000);
      await runActionRow(ctx, row, manifestActions().get(row.action)!);
    });
  }

  for (const row of ROUTE_ROWS) {
    test(`route ${row.route}`, async () => {
      test.setTimeout(90_000);
      await runRouteRow(ctx, row);
    });
  }

  test("action signInAction: anyone may start a sign-in, and it only leads to Entra ID", async () => {
    const ref = manifestActions().get("lib/actions/auth/sign-in.ts#signInAction")!;
    const expectations = SESSION_ROWS["lib/actions/auth/sign-in.ts#signInAction"];
    for (const identity of IDENTITIES) {
      await runCell(ctx, identity, expectations[identity], `signInAction as ${identity}`, () =>
        // The sign-in page's form posts it without JavaScript: the action id as a form field.
        ctx.ids.clients[identity].post(ref.page, { multipart: { [`$ACTION_ID_${ref.id}`]: "", callbackUrl: "https://evil.example/steal" }, maxRedirects: 0 }),
        async (response) => {
          expect(response.status()).toBe(303);
          const location = new URL(response.headers().location!);
          expect(location.origin + location.pathname).toMatch(new RegExp(`^${EMULATOR_HTTP}/.*/authorize$`));
          expect(location.searchParams.get("redirect_uri")).toMatch(/^http:\/\/localhost:\d+\/api\/auth\/callback\//);
        },
      );
    }
  });

  test("action signOutAction: a signed-in user's sign-out is audited in their own tenant only", async ({ browser }) => {
    test.setTimeout(120_000);
    const ref = manifestActions().get("lib/actions/auth/sign-out.ts#signOutAction")!;
    const expectations = SESSION_ROWS["lib/actions/auth/sign-out.ts#signOutAction"];
    const signOuts = (identity: Identity) => query<{ n: number }>("select count(*) as n from audit_log where tenant_id = ? and action = 'user.signed_out' and actor_name is not null", TENANT_OF[identity]!)[0]!.n;
    for (const identity of IDENTITIES) {
      const label = `signOutAction as ${identity}`;
      const before = isUser(identity) ? signOuts(identity) : 0;
      // A session of its own: the sign-out ends the session on the server, for every copy of its cookie.
      const client = isUser(identity) ? (await freshSession(browser, USER_OF[identity])).client : await ctx.ids.clientFor(identity);
      await runCell(ctx, identity, expectations[identity], label, () => callAction(client, ref, []), (call) => {
        if (expectations[identity] === "deny") return expectActionRefused(call, label);
        expect(call.headers["x-action-redirect"], `${label}: sent to sign-in`).toMatch(/\/signin/);
        expect(signOuts(identity), `${label}: audited once, as ${USER_OF[identity as keyof typeof USER_OF]}`).toBe(before + 1);
      });
      await client.dispose();
    }
  });

  test("action endSession: only the person whose session it is can end it", async ({ browser }) => {
    await endSessionCells(ctx, browser, manifestActions().get("lib/actions/sessions/end-session.ts#endSession")!, SESSION_ROWS["lib/actions/sessions/end-session.ts#endSession"]);
  });

  // Ends Nina's sessions, the matrix's own among them: after every row that uses them.
  test("action endPersonSessions: a tenant admin ends a person's sessions in their own tenant only", async ({ browser }) => {
    const key = "lib/actions/sessions/end-person-sessions.ts#endPersonSessions";
    await endPersonSessionsCells(ctx, browser, manifestActions().get(key)!, SESSION_ROWS[key]);
  });

  // Last: "everywhere" ends the matrix's own sessions of each person (afterAll signs the admins in again).
  test("action signOutEverywhere: each person ends only their own sessions", async ({ browser }) => {
    test.setTimeout(240_000);
    const key = "lib/actions/sessions/sign-out-everywhere.ts#signOutEverywhere";
    await signOutEverywhereCells(ctx, browser, manifestActions().get(key)!, SESSION_ROWS[key]);
  });
});
