import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { TENANTS, USERS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { currentUser, seededApp, useTestEmulator } from "../support/rotor";

useTestEmulator();
const { getDb } = await import("@/db");
const { listAudit } = await import("@/db/queries/audit");
const { addManagedApplication } = await import("@/lib/applications/add-application");
const { loadApplications } = await import("@/lib/applications/list");
const { syncManagedApplications } = await import("@/lib/applications/sync-applications");
const { clearAppTokens } = await import("@/lib/azure/app-token");
const { clearOwnerProfiles, resolveOwnerContacts, resolveOwnerContact } = await import("@/lib/owners/contacts");
const { UNKNOWN_OWNER } = await import("@/lib/owners/words");
type CurrentUser = import("@/lib/auth/current-user").CurrentUser;

/**
 * With the emulator answering owners as Graph does for Application.ReadWrite.OwnedBy (ids only),
 * owners' names and addresses come from Rotor's sign-in records, or from /users/{id} when the
 * optional User.ReadBasic.All is granted; anyone else is named as unknown.
 */
const oid = (key: string) => USERS.find((u) => u.key === key)!.oid;
const contoso = TENANTS.contoso.id;
const grant = (userReadBasicAll: boolean) =>
  fetch(`${emulator().http}/_emulator/settings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userReadBasicAll }) });
/** A new grant reaches Rotor with its next token, as with Entra ID. */
const fresh = () => {
  clearAppTokens();
  clearOwnerProfiles();
};

let admin: CurrentUser;
beforeAll(async () => {
  admin = await currentUser("contoso-admin");
  await currentUser("contoso-owner"); // Omar signed in; Nina and Gus never did (this file's own database).
});

afterEach(async () => {
  await grant(false);
  fresh();
});

describe("owners' names and addresses", () => {
  it("from sign-in records: who signed in is known, anyone else is unknown", async () => {
    const contacts = await resolveOwnerContacts(await getDb(), { tenantId: contoso, oids: [oid("contoso-owner"), oid("contoso-noconsent"), oid("contoso-owner")] }, { readGraph: false });
    expect([...contacts.values()]).toEqual([
      { oid: oid("contoso-owner"), name: "Omar Owens", email: "omar@contoso.example", source: "sign-in" },
      { oid: oid("contoso-noconsent"), name: null, email: null, source: "unknown" },
    ]);
  });

  it("with User.ReadBasic.All switched on in Rotor but not granted: Graph's 403 leaves them unknown, nothing fails", async () => {
    const nina = await resolveOwnerContact(await getDb(), { tenantId: contoso, oid: oid("contoso-noconsent") }, { readGraph: true });
    expect(nina).toEqual({ oid: oid("contoso-noconsent"), name: null, email: null, source: "unknown" });
  });

  it("with User.ReadBasic.All granted: Graph names owners who never signed in (a guest by their mail, not the #EXT# UPN)", async () => {
    await grant(true);
    fresh();
    const contacts = await resolveOwnerContacts(await getDb(), { tenantId: contoso, oids: [oid("contoso-noconsent"), oid("contoso-guest"), oid("contoso-owner")] }, { readGraph: true });
    expect(contacts.get(oid("contoso-noconsent"))).toEqual({ oid: oid("contoso-noconsent"), name: "Nina Novak", email: "nina@contoso.example", source: "graph" });
    expect(contacts.get(oid("contoso-guest"))).toMatchObject({ name: "Gus Guerrero", email: "gus@fabrikam.example", source: "graph" });
    expect(contacts.get(oid("contoso-owner"))).toMatchObject({ name: "Omar Owens", source: "sign-in" });
  });

  it("the Applications page lists each application's owners, saying plainly who is unknown", async () => {
    const db = await getDb();
    await addManagedApplication(db, admin, { appId: seededApp("legacy-batch").appId });
    const { rows } = await loadApplications(db, admin);
    expect(rows.find((r) => r.displayName === "Legacy Batch")!.owners).toEqual([
      { oid: oid("contoso-owner"), name: "Omar Owens", email: "omar@contoso.example" },
      { oid: oid("contoso-noconsent"), name: null, email: null },
    ]);
  });

  it("the audit log names owners, or says they are unknown", async () => {
    const db = await getDb();
    await addManagedApplication(db, admin, { appId: seededApp("reporting-service").appId });
    const added = (await listAudit(db, { tenantId: contoso, limit: 100 })).find((e) => e.action === "application.added" && e.detail?.displayName === "Reporting Service")!;
    expect(added.detail!.changes).toEqual([`Reporting Service (${seededApp("reporting-service").appId})`, `owners: ${UNKNOWN_OWNER}, Omar Owens (omar@contoso.example)`]);

    db.$client.prepare("insert into application_owners (application_id, owner_oid, synced_at) select id, 'departed-oid', 0 from applications where display_name = 'Reporting Service'").run();
    await syncManagedApplications(db, admin);
    const synced = (await listAudit(db, { tenantId: contoso, limit: 100 })).find((e) => e.action === "applications.synced")!;
    expect(synced.detail!.changes).toContain(`Reporting Service: owner removed: ${UNKNOWN_OWNER}`);
  });
});
