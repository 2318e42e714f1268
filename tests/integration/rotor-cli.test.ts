import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rotorCli } from "../support/rotor-cli";

const { openDatabase } = await import("@/db");
const { ensureTenant } = await import("@/db/queries/tenants");

const TENANT = "5e1d2c3b-0000-4000-8000-00000000c11a";

const rotor = (dataDir: string, ...args: string[]) => rotorCli(dataDir, args);

// Each call starts node with tsx (under the react-server condition the command would re-run itself in).
describe("npm run rotor -- api-keys", { timeout: 90_000 }, () => {
  it("creates a key and prints it once, lists only its prefix, revokes it; the database holds its hash only", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rotor-cli-"));
    const db = await openDatabase(join(dataDir, "rotor.db"));
    await ensureTenant(db, { tenantId: TENANT, name: "Contoso" });

    const created = rotor(dataDir, "api-keys", "create", "--tenant", TENANT, "--name", "nightly cron");
    expect(created.status, created.stderr).toBe(0);
    const key = /^\s{2}(\S+)$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    const id = /id ([0-9a-f-]{36})/.exec(created.stdout)![1]!;

    const listed = rotor(dataDir, "api-keys", "list", "--tenant", TENANT);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/nightly cron.*active/);
    expect(listed.stdout).not.toContain(key!);

    const revoked = rotor(dataDir, "api-keys", "revoke", "--tenant", TENANT, "--id", id);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(rotor(dataDir, "api-keys", "list", "--tenant", TENANT).stdout).toMatch(/nightly cron.*revoked/);

    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    expect(readFileSync(join(dataDir, "rotor.db")).includes(Buffer.from(key!))).toBe(false);
    db.$client.close();
  });

  it("explains a bad command line and changes nothing", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rotor-cli-"));
    (await openDatabase(join(dataDir, "rotor.db"))).$client.close();
    const noTenant = rotor(dataDir, "api-keys", "create", "--name", "x");
    expect(noTenant.status).toBe(1);
    expect(noTenant.stderr).toContain("--tenant <tenantId> is required.");
    const unknownTenant = rotor(dataDir, "api-keys", "list", "--tenant", TENANT);
    expect(unknownTenant.stderr).toContain(`No tenant ${TENANT}`);
    const unknown = rotor(dataDir, "keys", "make");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("Usage:");
  });
});

describe("npm run rotor -- audit verify", { timeout: 90_000 }, () => {
  it("passes on an untouched log and fails, naming the entry, once one row is edited in the database file", async () => {
    const { writeAudit } = await import("@/db/queries/audit");
    const Database = (await import("better-sqlite3")).default;
    const dataDir = mkdtempSync(join(tmpdir(), "rotor-cli-"));
    const db = await openDatabase(join(dataDir, "rotor.db"));
    await ensureTenant(db, { tenantId: TENANT, name: "Contoso" });
    for (const name of ["Adele Vance", "Omar Owens", "Nina Nakamura"]) {
      await writeAudit(db, { tenantId: TENANT, actor: { type: "user", id: name, name }, action: "user.signed_in", detail: { role: "member" } });
    }
    db.$client.close();

    const intact = rotor(dataDir, "audit", "verify");
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/Contoso \(.*\): 3 entries, the chain holds\. Newest #3, hash [0-9a-f]{64}/);

    // Someone with write access to the file changes history, as with the sqlite3 shell.
    const file = new Database(join(dataDir, "rotor.db"));
    const { id } = file.prepare("select id from audit_log where actor_name = 'Omar Owens'").get() as { id: number };
    file.prepare("update audit_log set actor_name = 'Someone else' where id = ?").run(id);
    file.close();

    const tampered = rotor(dataDir, "audit", "verify");
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(`BROKEN at entry ${id} (#2, `);
    expect(tampered.stdout).toContain("user.signed_in by Someone else): its content does not match its hash");
    expect(tampered.stderr).toContain("1 of 1 tenant chain(s) are broken");
    const one = rotor(dataDir, "audit", "verify", "--tenant", TENANT);
    expect(one.status).toBe(1);
    expect(rotor(dataDir, "audit", "check").stderr).toContain('Unknown command "audit check"');
  });
});
