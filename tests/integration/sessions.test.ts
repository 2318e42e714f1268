import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_BOOTSTRAP_ADMINS, USERS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { addFault, removeFault, signIn, useTestEmulator, type TestUser } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_BOOTSTRAP_ADMINS = EMBEDDED_BOOTSTRAP_ADMINS.join(",");
// Every use re-asks Entra ID here: the interval is what the test controls, not a clock.
process.env.ROTOR_SESSION_REVALIDATE_SECONDS = "1";
const { getDb } = await import("@/db");
const { listAudit } = await import("@/db/queries/audit");
const { createSession, getSessionByToken } = await import("@/db/queries/sessions");
const { getUserById } = await import("@/db/queries/users");
const { resolveSession } = await import("@/lib/auth/sessions/resolve");
const { startSession } = await import("@/lib/auth/sessions/start");
const { endAllOwnSessions, endCurrentSession, endOwnSession, endPersonSessions } = await import("@/lib/auth/sessions/end");
const { loadCurrentUser } = await import("@/lib/auth/current-user");

const emailOf = (key: string) => USERS.find((u) => u.key === key)!.email;
const admin = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${emulator().http}/_emulator/users/${path}`, { method: "POST", headers: { "content-type": "application/json" }, ...init });
  expect(res.ok, `${path}: ${res.status}`).toBe(true);
};
const tokensOf = async (userId: string) => ((await getDb()).$client.prepare("select count(*) as n from accounts where user_id = ?").get(userId) as { n: number }).n;
const auditsOf = async (tenantId: string, action: string) => (await listAudit(await getDb(), { tenantId, limit: 1000 })).filter((e) => e.action === action);
const later = (ms: number) => new Date(Date.now() + ms);

async function open(user: TestUser): Promise<string> {
  return startSession({ userId: user.id, tenantId: user.tenantId, tenantName: "", role: "member", isGuest: false }, "vitest");
}

afterEach(async () => {
  for (const u of ["contoso-owner", "contoso-admin", "contoso-noconsent"]) await admin(`${emailOf(u)}/restore`);
});

describe("server-side sessions", () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await signIn("contoso-owner");
  });

  it("a session ends at its absolute lifetime, however recently it was used", async () => {
    const db = await getDb();
    const { token } = await createSession(db, { userId: owner.id, tenantId: owner.tenantId, userAgent: null, maxAgeMs: 60_000 });
    expect(await resolveSession(db, token)).not.toBeNull();
    expect(await resolveSession(db, token, later(61_000))).toBeNull();
    await endOwnSession(db, (await loadCurrentUser(db, { userId: owner.id }))!, { sessionId: (await getSessionByToken(db, { token }))!.id });
  });

  it("signing out ends the session and, with none left, deletes the sealed refresh token", async () => {
    const db = await getDb();
    const user = await signIn("contoso-owner");
    const current = (await loadCurrentUser(db, { userId: user.id }))!;
    const token = await open(user);
    const session = (await getSessionByToken(db, { token }))!;
    expect(await tokensOf(user.id)).toBe(1);
    await endCurrentSession(db, current, session.id);
    expect(await resolveSession(db, token)).toBeNull();
    expect(await tokensOf(user.id)).toBe(0);
    expect((await auditsOf(user.tenantId, "user.signed_out"))[0]?.detail).toMatchObject({ session: session.id, tokensDeleted: true });
  });

  it("a person ends one of their sessions, or all of them; an admin ends another person's, only in their tenant", async () => {
    const db = await getDb();
    const user = await signIn("contoso-owner");
    const me = (await loadCurrentUser(db, { userId: user.id }))!;
    const [a, b, c] = [await open(user), await open(user), await open(user)];
    await endOwnSession(db, me, { sessionId: (await getSessionByToken(db, { token: b }))!.id });
    expect(await resolveSession(db, b)).toBeNull();
    expect(await resolveSession(db, a)).not.toBeNull();
    expect(await tokensOf(user.id), "kept while other sessions are open").toBe(1);
    await expect(endOwnSession(db, me, { sessionId: (await getSessionByToken(db, { token: b }))?.id ?? crypto.randomUUID() })).rejects.toThrow(/already ended/);

    const contosoAdmin = (await loadCurrentUser(db, { userId: (await signIn("contoso-admin")).id }))!;
    const northwindAdmin = (await loadCurrentUser(db, { userId: (await signIn("northwind-admin")).id }))!;
    await expect(endPersonSessions(db, northwindAdmin, { userId: user.id }), "another tenant's person is not found").rejects.toThrow(/No such person/);
    expect(await resolveSession(db, a)).not.toBeNull();
    await expect(endPersonSessions(db, me, { userId: user.id }), "a member cannot").rejects.toThrow(/Only tenant admins/);
    expect(await endPersonSessions(db, contosoAdmin, { userId: user.id })).toMatchObject({ ended: 2 });
    expect(await resolveSession(db, a)).toBeNull();
    expect(await resolveSession(db, c)).toBeNull();
    expect(await tokensOf(user.id)).toBe(0);
    expect((await auditsOf(user.tenantId, "session.ended_all")).find((e) => e.targetId === user.id)?.detail).toMatchObject({ reason: "ended_by_admin", sessions: 2 });

    const again = await signIn("contoso-owner");
    const d = await open(again);
    expect(await endAllOwnSessions(db, (await loadCurrentUser(db, { userId: again.id }))!)).toEqual({ ended: 1 });
    expect(await resolveSession(db, d)).toBeNull();
  });

  it("a person removed from Entra ID loses every session at the next confirmation, and their tokens go", async () => {
    const db = await getDb();
    const user = await signIn("contoso-noconsent");
    const token = await open(user);
    await admin(`${emailOf("contoso-noconsent")}/remove`);
    expect(await resolveSession(db, token, later(1_500))).toBeNull();
    expect(await getSessionByToken(db, { token })).toBeNull();
    expect(await tokensOf(user.id)).toBe(0);
    const entry = (await auditsOf(user.tenantId, "session.ended_all")).find((e) => e.targetId === user.id);
    expect(entry?.detail).toMatchObject({ reason: "entra_refused", why: "AADSTS50034" });
  });

  it("the role follows Entra ID's app roles at the next confirmation", async () => {
    const db = await getDb();
    const user = await signIn("contoso-admin");
    const token = await open(user);
    expect((await getUserById(db, { userId: user.id }))!.role).toBe("admin");
    await admin(`${emailOf("contoso-admin")}/roles`, { method: "PUT", body: JSON.stringify({ roles: [] }) });
    expect(await resolveSession(db, token, later(1_500))).not.toBeNull();
    expect((await getUserById(db, { userId: user.id }))!.role).toBe("member");
    expect((await auditsOf(user.tenantId, "user.role_changed")).at(0)?.detail).toMatchObject({ from: "admin", to: "member" });
    await admin(`${emailOf("contoso-admin")}/restore`);
    expect(await resolveSession(db, token, later(3_000))).not.toBeNull();
    expect((await getUserById(db, { userId: user.id }))!.role).toBe("admin");
  });

  it("an Entra ID outage ends nothing, and the session is not re-asked on every request", async () => {
    const db = await getDb();
    const user = await signIn("contoso-owner");
    const token = await open(user);
    const fault = await addFault({ host: "login", path: "/oauth2/v2.0/token", status: 503 });
    try {
      expect(await resolveSession(db, token, later(1_500))).not.toBeNull();
      const faulted = ((await (await fetch(`${emulator().http}/_emulator/faults`)).json()) as { value: { id: string; hits: number }[] }).value.find((r) => r.id === fault)!.hits;
      expect(await resolveSession(db, token, later(1_600))).not.toBeNull();
      const after = ((await (await fetch(`${emulator().http}/_emulator/faults`)).json()) as { value: { id: string; hits: number }[] }).value.find((r) => r.id === fault)!.hits;
      expect(after, "asked once, then quiet for a while").toBe(faulted);
      // Unconfirmed for over an hour: the session ends (the role must be recomputed at least hourly).
      expect(await resolveSession(db, token, later(3_601_000))).toBeNull();
    } finally {
      await removeFault(fault);
    }
  });
});
