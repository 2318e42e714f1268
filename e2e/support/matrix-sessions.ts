import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { query } from "./db";
import { freshSession, sessionOpen } from "./fresh-session";
import { IDENTITIES, isUser, TENANT_OF, USER_OF, type Identity } from "./identities";
import { cellsInOrder, expectActionRefused, runCell, type Expectations, type MatrixContext } from "./matrix";
import { callAction, resultOf, type ActionRef } from "./server-actions";

const audits = (tenantId: string, action: string) => query<{ n: number }>("select count(*) as n from audit_log where tenant_id = ? and action = ?", tenantId, action)[0]!.n;
const xff = (identity: Identity) => ({ "x-forwarded-for": `198.51.100.${IDENTITIES.indexOf(identity) + 10}` });

/** The caller: a session made for this call for a person (the call may end it), the matrix's client otherwise. */
async function callerFor(ctx: MatrixContext, browser: Browser, identity: Identity): Promise<{ client: APIRequestContext; sessionId?: string }> {
  return isUser(identity) ? freshSession(browser, USER_OF[identity], xff(identity)) : { client: await ctx.ids.clientFor(identity) };
}

/** endSession: only the owner of a session can end it; anyone else naming it is told it does not exist. */
export async function endSessionCells(ctx: MatrixContext, browser: Browser, ref: ActionRef, expectations: Expectations) {
  const target = await freshSession(browser, USER_OF.owner);
  // Refused cells first: they must find the session as the allowed one would.
  for (const [identity] of cellsInOrder(expectations)) {
    const label = `endSession as ${identity}`;
    await runCell(ctx, identity, expectations[identity], label, () => callAction(ctx.ids.clients[identity], ref, [{ sessionId: target.sessionId }]), (call) => {
      if (expectations[identity] === "deny") {
        expectActionRefused(call, label);
        return expect(sessionOpen(target.sessionId), `${label}: Omar's session is still open`).toBe(true);
      }
      expect(resultOf(call), `${label}: ${call.text.slice(0, 200)}`).toMatchObject({ ok: true });
      expect(sessionOpen(target.sessionId), `${label}: the session is ended`).toBe(false);
    });
  }
  await target.client.dispose();
}

/** signOutEverywhere: a person ends their own sessions only; anyone else is sent to sign in. */
export async function signOutEverywhereCells(ctx: MatrixContext, browser: Browser, ref: ActionRef, expectations: Expectations) {
  // Refused cells first: they must find the session as the allowed one would.
  for (const [identity] of cellsInOrder(expectations)) {
    const label = `signOutEverywhere as ${identity}`;
    const bystander = await freshSession(browser, identity === "admin" ? USER_OF.otherOwner : USER_OF.admin);
    const caller = await callerFor(ctx, browser, identity);
    const before = TENANT_OF[identity] ? audits(TENANT_OF[identity]!, "session.ended_all") : 0;
    await runCell(ctx, identity, expectations[identity], label, () => callAction(caller.client, ref, []), (call) => {
      expect(sessionOpen(bystander.sessionId), `${label}: another person's session is untouched`).toBe(true);
      if (expectations[identity] === "deny") return expectActionRefused(call, label);
      expect(call.headers["x-action-redirect"], `${label}: sent to sign-in`).toMatch(/\/signin/);
      expect(sessionOpen(caller.sessionId!), `${label}: the caller's session is ended`).toBe(false);
      expect(audits(TENANT_OF[identity]!, "session.ended_all"), `${label}: audited in the caller's tenant`).toBe(before + 1);
    });
    await caller.client.dispose();
    await bystander.client.dispose();
  }
}

/** endPersonSessions: a tenant admin ends a person's sessions in their own tenant; nobody else can. */
export async function endPersonSessionsCells(ctx: MatrixContext, browser: Browser, ref: ActionRef, expectations: Expectations) {
  const target = await freshSession(browser, USER_OF.otherOwner);
  const userId = query<{ id: string }>("select id from users where email = ?", USER_OF.otherOwner)[0]!.id;
  // Refused cells first: they must find the session as the allowed one would.
  for (const [identity] of cellsInOrder(expectations)) {
    const label = `endPersonSessions as ${identity}`;
    await runCell(ctx, identity, expectations[identity], label, () => callAction(ctx.ids.clients[identity], ref, [{ userId }]), (call) => {
      if (expectations[identity] === "deny") {
        expectActionRefused(call, label);
        return expect(sessionOpen(target.sessionId), `${label}: Nina's session is still open`).toBe(true);
      }
      expect(resultOf(call), `${label}: ${call.text.slice(0, 200)}`).toMatchObject({ ok: true });
      expect(sessionOpen(target.sessionId), `${label}: Nina's session is ended`).toBe(false);
    });
  }
  await target.client.dispose();
}
