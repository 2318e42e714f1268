import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { TENANTS } from "../../emulator/seed";
import { IDENTITIES, TENANT_OF, type Identities, type Identity } from "./identities";
import { settle, snapshot } from "./db";
import { callAction, resultOf, type ActionCall, type ActionRef } from "./server-actions";

/**
 * The isolation matrix's vocabulary. Each cell says what one identity may do with one action or
 * route: "allow" (it works), "own-tenant" (it works, in the caller's own tenant only: Contoso is
 * untouched), "public" (everyone gets the same answer and nothing changes) or "deny" (refused,
 * and nothing changes in either tenant).
 */
export type Expectation = "allow" | "own-tenant" | "public" | "deny";
export type Expectations = Record<Identity, Expectation>;

/** Every identity denied but the ones named. */
export function only(allowed: Identity[], others: Partial<Record<Identity, Expectation>> = {}): Expectations {
  return Object.fromEntries(IDENTITIES.map((i) => [i, allowed.includes(i) ? "allow" : (others[i] ?? "deny")])) as Expectations;
}
export const everyone = (expectation: Expectation): Expectations => Object.fromEntries(IDENTITIES.map((i) => [i, expectation])) as Expectations;

/** What the rows share: the target application, the scratch application, ids made along the way. */
export type MatrixContext = {
  ids: Identities;
  target: { id: string; appId: string };
  /** One scratch application per admin of Contoso, so each adds and removes its own. */
  scratch: Record<"admin" | "nonOwnerAdmin", { appId: string; id?: string }>;
  createdKeys: { tenant: "contoso" | "northwind"; id: string; by: Identity }[];
  /** Alert webhooks added by addWebhook, removed by removeChannel (and by the restore, if left). */
  createdChannels: { tenant: "contoso" | "northwind"; id: string; by: Identity }[];
  rotationId?: string;
};

export type ActionRow = {
  action: string;
  expect: Expectations;
  args: (ctx: MatrixContext, identity: Identity) => unknown[];
  /** Runs after an allowed call, with its data: record what later rows need. */
  onAllowed?: (ctx: MatrixContext, data: unknown, identity: Identity) => void;
  /** The call starts work that goes on after the answer (a rotation). */
  background?: boolean;
};

export type RouteRow = {
  route: string;
  expect: Expectations;
  call: (client: APIRequestContext, ctx: MatrixContext, identity: Identity) => Promise<APIResponse>;
  /** Checks the answer of an allowed (or own-tenant, or public) call. */
  succeeded?: (response: APIResponse, ctx: MatrixContext, identity: Identity) => Promise<void>;
  /** Checks the answer of a refused call. */
  refused?: (response: APIResponse, identity: Identity) => Promise<void>;
  background?: boolean;
};

const BOTH = [TENANTS.contoso.id, TENANTS.northwind.id];

/** Deny, public and own-tenant cells first: they must leave the data as the allowed ones found it. */
export const ORDER: Expectation[] = ["deny", "public", "own-tenant", "allow"];
export const cellsInOrder = (expect: Expectations) => ORDER.flatMap((e) => IDENTITIES.filter((i) => expect[i] === e).map((i) => [i, e] as const));

function ignoredKeys(ctx: MatrixContext, identity: Identity): string[] {
  return identity === "key" || identity === "otherTenantKey" ? [ctx.ids.keys[identity].id] : [];
}

/** Runs one cell and checks it: the answer, and that nothing changed where it must not (any tenant when refused or public, other tenants when allowed). */
export async function runCell<T>(
  ctx: MatrixContext,
  identity: Identity,
  expectation: Expectation,
  label: string,
  call: () => Promise<T>,
  check: (answer: T) => Promise<void> | void,
): Promise<T> {
  const watched = expectation === "deny" || expectation === "public" ? BOTH : BOTH.filter((t) => t !== TENANT_OF[identity]);
  const before = snapshot(watched, { ignoreKeyUsage: ignoredKeys(ctx, identity) });
  const answer = await call();
  await check(answer);
  expect(snapshot(watched, { ignoreKeyUsage: ignoredKeys(ctx, identity) }), `${label} (${expectation}) changed data it must not`).toEqual(before);
  return answer;
}

/** How a refused server action call may look: an `{ ok: false }` with a sentence, or the proxy's redirect to sign-in. */
export function expectActionRefused(call: ActionCall, label: string) {
  if (call.status === 307 || call.status === 303) {
    expect(call.headers.location, `${label}: redirected to sign-in`).toMatch(/^\/signin\b|\/signin\?/);
    return;
  }
  const result = resultOf(call);
  expect(result, `${label}: an action result (HTTP ${call.status}: ${call.text.slice(0, 300)})`).toBeDefined();
  expect(result!.ok, `${label}: refused`).toBe(false);
  expect(result!.error, `${label}: says why`).toMatch(/\w{3,}/);
}

export async function runActionRow(ctx: MatrixContext, row: ActionRow, ref: ActionRef) {
  for (const [identity, expectation] of cellsInOrder(row.expect)) {
    const label = `${row.action.split("#")[1]} as ${identity}`;
    await runCell(ctx, identity, expectation, label, () => callAction(ctx.ids.clients[identity], ref, row.args(ctx, identity)), (call) => {
      if (expectation === "deny") return expectActionRefused(call, label);
      const result = resultOf(call);
      expect(result, `${label}: HTTP ${call.status} ${call.text.slice(0, 300)}`).toMatchObject({ ok: true });
      row.onAllowed?.(ctx, result!.data, identity);
    });
    if (row.background && expectation === "allow") await settle(BOTH);
  }
}

export async function runRouteRow(ctx: MatrixContext, row: RouteRow) {
  for (const [identity, expectation] of cellsInOrder(row.expect)) {
    const label = `${row.route} as ${identity}`;
    await runCell(ctx, identity, expectation, label, () => row.call(ctx.ids.clients[identity], ctx, identity), async (response) => {
      if (expectation !== "deny") {
        expect(row.succeeded, `${row.route} says what success looks like`).toBeDefined();
        return row.succeeded!(response, ctx, identity);
      }
      expect(response.status(), `${label}: refused with a 4xx or a redirect`).toBeGreaterThanOrEqual(300);
      expect(response.status(), `${label}: not a server error`).toBeLessThan(500);
      await row.refused?.(response, identity);
    });
    if (row.background && expectation !== "deny") await settle(BOTH);
  }
}
