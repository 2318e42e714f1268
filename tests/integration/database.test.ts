import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { getProviderTokens, saveProviderTokens } from "@/db/queries/accounts";
import { listAudit, writeAudit } from "@/db/queries/audit";
import { ensureTenant } from "@/db/queries/tenants";
import { upsertSignedInUser } from "@/db/queries/users";
import { createKeyring, generateKey } from "@/lib/crypto/secret-box";

const tenantA = "6a1d2c3b-0f4e-4c5d-9e8f-7a6b5c4d3e21";
const tenantB = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71";

async function freshDb() {
  const file = join(mkdtempSync(join(tmpdir(), "rotor-db-")), "rotor.db");
  return { file, db: await openDatabase(file) };
}

describe("database", () => {
  it("keeps its folder 0700 and rotor.db, -wal and -shm 0600, new or found looser, whatever the umask", async () => {
    const mode = (path: string) => statSync(path).mode & 0o777;
    const previous = process.umask(0o022);
    try {
      const root = mkdtempSync(join(tmpdir(), "rotor-db-modes-"));
      const fresh = join(root, "new", "rotor.db");
      const db = await openDatabase(fresh);
      await ensureTenant(db, { tenantId: tenantA, name: "A" }); // a write, so the -wal holds something
      expect(mode(join(root, "new"))).toBe(0o700);
      for (const file of [fresh, `${fresh}-wal`, `${fresh}-shm`]) expect(mode(file), file).toBe(0o600);
      db.$client.close();

      // An install made before: a 0755 folder and a 0644 database.
      const old = join(root, "old");
      mkdirSync(old, { mode: 0o755 });
      chmodSync(old, 0o755);
      writeFileSync(join(old, "rotor.db"), "", { mode: 0o644 });
      chmodSync(join(old, "rotor.db"), 0o644);
      const reopened = await openDatabase(join(old, "rotor.db"));
      expect(mode(old)).toBe(0o700);
      for (const file of ["rotor.db", "rotor.db-wal", "rotor.db-shm"]) expect(mode(join(old, file)), file).toBe(0o600);
      reopened.$client.close();
    } finally {
      process.umask(previous);
    }
  });

  it("opens migrated, with WAL and foreign keys on", async () => {
    const { db } = await freshDb();
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    const tables = db.$client.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["tenants", "users", "accounts", "tenant_devops_settings", "applications", "application_owners", "rotations", "rotation_output", "api_keys", "audit_log"]),
    );
    expect(() => db.$client.prepare("insert into users (id, tenant_id, oid, home_tenant_id, name) values ('u', 'missing', 'o', 'h', 'n')").run()).toThrow(/FOREIGN KEY/);
  });

  it("keeps provider tokens sealed: the file never holds them in the clear", async () => {
    const { db, file } = await freshDb();
    const keyring = createKeyring(generateKey());
    await ensureTenant(db, { tenantId: tenantA, name: "Contoso" });
    const user = await upsertSignedInUser(db, { tenantId: tenantA, oid: "o1", homeTenantId: tenantA, email: "a@contoso.example", name: "A", role: "admin" });
    const accessToken = `eyJ.access.${"a".repeat(40)}`;
    const refreshToken = `rt.${"r".repeat(60)}`;
    const key = { provider: "microsoft-entra-id", providerAccountId: `${tenantA}.o1` };
    await saveProviderTokens(db, keyring, { userId: user.id, key, tokens: { accessToken, refreshToken, expiresAt: new Date() } });
    expect(await getProviderTokens(db, keyring, key)).toMatchObject({ accessToken, refreshToken, userId: user.id });
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const bytes = readFileSync(file).toString("latin1");
    expect(bytes).toContain("v1."); // the sealed form is there…
    expect(bytes).not.toContain(refreshToken); // …the plain one is not
    expect(bytes).not.toContain(accessToken);
  });

  it("keeps a user's role fresh and tenants apart in the audit log", async () => {
    const { db } = await freshDb();
    await ensureTenant(db, { tenantId: tenantA, name: "Contoso" });
    await ensureTenant(db, { tenantId: tenantB, name: "Northwind" });
    const first = await upsertSignedInUser(db, { tenantId: tenantA, oid: "o1", homeTenantId: tenantA, email: null, name: "A", role: "admin" });
    const again = await upsertSignedInUser(db, { tenantId: tenantA, oid: "o1", homeTenantId: tenantA, email: null, name: "A", role: "member" });
    expect(again.id).toBe(first.id);
    expect(again.role).toBe("member");
    await writeAudit(db, { tenantId: tenantA, actor: { type: "user", id: first.id, name: "A" }, action: "user.signed_in" });
    await writeAudit(db, { tenantId: tenantB, actor: { type: "system", id: null, name: "Rotor" }, action: "user.signed_in" });
    expect((await listAudit(db, { tenantId: tenantA })).map((e) => e.actorName)).toEqual(["A"]);
    expect((await listAudit(db, { tenantId: tenantB })).map((e) => e.actorName)).toEqual(["Rotor"]);
  });
});
