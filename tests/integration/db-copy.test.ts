import { getTableName, is } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pgSchema from "@/db/schema-pg";
import * as sqliteSchema from "@/db/schema";
import { createKeyring, seal } from "@/lib/crypto/secret-box";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";
import { rotorCli } from "../support/rotor-cli";

const { openDatabase } = await import("@/db");
const { writeAudit } = await import("@/db/queries/audit");
const { seedDemo } = await import("../../scripts/seed-demo");

const available = await postgresAvailable();
const keyring = createKeyring(Buffer.alloc(32, 3));
const T = "5e1d2c3b-0000-4000-8000-00000000c0b1";

/** A SQLite installation with a row in every table: the demo seed, a person, a rotation, keys, runs, audit entries. */
async function installation(): Promise<{ dataDir: string; file: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "rotor-copy-"));
  const file = join(dataDir, "rotor.db");
  await seedDemo(dataDir);
  const db = await openDatabase(file);
  const s = sqliteSchema;
  const now = new Date(Date.UTC(2026, 11, 3, 10, 0, 0, 123));
  await db.insert(s.tenants).values({ id: T, name: "Copy Ltd", createdAt: now });
  await db.insert(s.users).values({ id: "u-1", tenantId: T, oid: "o-1", homeTenantId: T, name: "Ana", email: "ana@copy.example", role: "admin", lastSignInAt: now });
  await db.insert(s.accounts).values({ userId: "u-1", type: "oidc", provider: "entra", providerAccountId: "o-1", refreshTokenSealed: seal(keyring, "refresh-token-value", "accounts:o-1"), updatedAt: now });
  await db.insert(s.sessions).values({ id: "s-1", tokenHash: "h".repeat(64), userId: "u-1", tenantId: T, expiresAt: now, lastSeenAt: now, validatedAt: now });
  await db.insert(s.tenantDevopsSettings).values({ tenantId: T, integrationEnabled: true, patSealed: seal(keyring, "pat-value", T), patLast4: "abcd", dockerRegistryHosts: ["registry.copy.example:5000"] });
  await db.insert(s.tenantScheduleSettings).values({ tenantId: T, builtInEnabled: false, updatedAt: now, updatedBy: "u-1" });
  await db.insert(s.applications).values({ id: "a-1", tenantId: T, appId: "app-1", objectId: "obj-1", displayName: "Payroll", devopsEnabled: true, devopsBoundBy: "u-1", createdBy: "u-1" });
  await db.insert(s.applicationOwners).values({ applicationId: "a-1", ownerOid: "o-1", syncedAt: now });
  await db.insert(s.rotations).values({ id: "r-1", tenantId: T, applicationId: "a-1", trigger: "api", requestedBy: "api-key:k-1", state: "succeeded", oldKeyIds: ["k-old"], newKeyId: "k-new", idempotencyKey: "idem", finishedAt: now });
  await db.insert(s.rotationOutput).values([
    { rotationId: "r-1", at: now, message: "created a new secret" },
    { rotationId: "r-1", at: now, level: "warn", message: "kept the old one" },
  ]);
  await db.insert(s.rotationIdempotencyKeys).values({ tenantId: T, key: "api-key:k-1:idem", rotationId: "r-1" });
  await db.insert(s.apiKeys).values({ id: "k-1", tenantId: T, name: "cron", prefix: "rtr_abc", hash: "f".repeat(64), lastUsedAt: now });
  await db.insert(s.dueRuns).values({ id: "d-1", tenantId: T, trigger: "api", requestedBy: "api-key:k-1", owner: "host:1:0000aaaa:0000bbbb", startedAt: now, finishedAt: now, started: 1, succeeded: 1 });
  await db.insert(s.authFailures).values({ bucket: "prefix:rtr_zzz", at: now });
  await db.insert(s.notificationChannels).values({ id: "c-1", tenantId: T, kind: "webhook", name: "ops", webhookUrl: "https://hooks.copy.example/x", webhookFormat: "generic", secretSealed: seal(keyring, "webhook-secret", "c-1"), events: ["rotation.failed"] });
  await db.insert(s.tenantNotificationSettings).values({ tenantId: T, adminAddresses: ["ops@copy.example"] });
  await db.insert(s.notificationEvents).values({ tenantId: T, type: "rotation.failed", sourceId: "r-1" });
  await db.insert(s.notificationOutbox).values({ id: "o-1", tenantId: T, channelId: "c-1", recipient: "https://hooks.copy.example/x", eventType: "rotation.failed", dedupKey: "r-1", message: { subject: "failed", nested: { a: 1 } }, nextAttemptAt: now });
  await db.insert(s.watchedOrganizations).values({ tenantId: T, organizations: [{ name: "copy-org", tenantId: T }], updatedAt: now });
  await db.insert(s.consumerScans).values({ applicationId: "a-1", tenantId: T, scannedAt: now, organizations: ["copy-org"], consumers: [], unreadable: [] });
  await db.insert(s.credentialSnapshots).values({ applicationId: "a-1", tenantId: T, owned: true, credentials: [], latestExpiry: now, takenAt: now });
  await db.insert(s.unmanagedSnapshots).values({ tenantId: T, appId: "app-2", displayName: "Unmanaged", credentials: [{ keyId: "k-2", hint: "abc", displayName: null, startDateTime: "2026-01-01T00:00:00Z", endDateTime: "2027-01-01T00:00:00Z" }], latestExpiry: now, takenAt: now });
  for (let i = 0; i < 3; i++) {
    await writeAudit(db, { tenantId: T, actor: { type: "user", id: "u-1", name: "Ana" }, action: "settings.updated", target: { type: "tenant", id: T }, detail: { step: i, nested: { b: 1, a: [true, null] } } });
  }
  db.$client.close();
  return { dataDir, file };
}

const byJson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();

describe.skipIf(!available)("npm run rotor -- db copy (SQLite → PostgreSQL)", { timeout: 120_000 }, () => {
  let target: TestDatabase;
  let source: { dataDir: string; file: string };
  beforeAll(async () => {
    target = await createTestDatabase();
    source = await installation();
  });
  afterAll(() => target?.drop());

  it("copies every row of every table, sealed values as they are, and the counts match", async () => {
    const copied = rotorCli(source.dataDir, ["db", "copy", "--from", source.file, "--to", target.url]);
    expect(copied.status, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/every table's count matches/);

    const sqlite = await openDatabase(source.file);
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    const postgres = drizzle(client);
    try {
      const pgTables = Object.entries(pgSchema).filter(([, t]) => is(t, PgTable)) as [string, PgTable][];
      for (const [key, table] of Object.entries(sqliteSchema).filter(([, t]) => is(t, SQLiteTable)) as [string, SQLiteTable][]) {
        const from = await sqlite.select().from(table);
        const to = await postgres.select().from(pgTables.find(([k]) => k === key)![1]);
        expect(from.length, getTableName(table)).toBeGreaterThan(0);
        expect(byJson(to), getTableName(table)).toEqual(byJson(from));
      }
      // Identity sequences continue after the copied ids.
      const { rows } = await client.query("insert into rotation_output (rotation_id, at, message) values ('r-1', now(), 'next') returning id");
      expect(rows[0].id).toBe(3);
    } finally {
      await client.end();
      sqlite.$client.close();
    }
  });

  it("refuses a database that already holds data, and copies nothing", async () => {
    const again = rotorCli(source.dataDir, ["db", "copy", "--from", source.file, "--to", target.url]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/Nothing was copied: The target database is not empty: \w+ holds \d+ row/);
  });

  it("explains a bad command line without repeating a password", () => {
    const noTarget = rotorCli(source.dataDir, ["db", "copy", "--from", source.file]);
    expect(noTarget.stderr).toContain("--to <postgres url> is required.");
    const wrong = rotorCli(source.dataDir, ["db", "copy", "--from", source.file, "--to", "mysql://u:pw-secret-1@h/db"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("--to must be a PostgreSQL URL");
    expect(wrong.stderr).not.toContain("pw-secret-1");
    const missing = rotorCli(source.dataDir, ["db", "copy", "--from", join(source.dataDir, "nope.db"), "--to", target.url]);
    expect(missing.stderr).toMatch(/There is no SQLite database at/);
    const unreachable = rotorCli(source.dataDir, ["db", "copy", "--from", source.file, "--to", "postgres://rotor:pw-secret-2@127.0.0.1:1/rotor"]);
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr + unreachable.stdout).not.toContain("pw-secret-2");
  });

  it("db status and db migrate on both engines", async () => {
    const fresh = await createTestDatabase();
    try {
      const pending = rotorCli(source.dataDir, ["db", "status"], { ROTOR_DATABASE_FILE: undefined, ROTOR_DATABASE_URL: fresh.url });
      expect(pending.status, pending.stderr).toBe(0);
      expect(pending.stdout).toMatch(/0000_init\s+pending/);
      const migrated = rotorCli(source.dataDir, ["db", "migrate"], { ROTOR_DATABASE_FILE: undefined, ROTOR_DATABASE_URL: fresh.url });
      expect(migrated.stdout).toMatch(/PostgreSQL postgres:\/\/.*: \d+ migration\(s\) applied, none pending/);
      expect(rotorCli(source.dataDir, ["db", "status"], { ROTOR_DATABASE_FILE: undefined, ROTOR_DATABASE_URL: fresh.url }).stdout).toMatch(/Up to date/);
    } finally {
      await fresh.drop();
    }
    const sqliteStatus = rotorCli(source.dataDir, ["db", "status"]);
    expect(sqliteStatus.stdout).toMatch(/SQLite .*rotor\.db/);
    expect(sqliteStatus.stdout).toMatch(/Up to date/);
  });
});
