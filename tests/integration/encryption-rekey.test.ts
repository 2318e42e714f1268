import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getTableColumns, getTableName, is, eq } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { rotorCli } from "../support/rotor-cli";

const { openDatabase } = await import("@/db");
const schema = await import("@/db/schema");
const { saveProviderTokens, getProviderTokens } = await import("@/db/queries/accounts");
const { ensureTenant } = await import("@/db/queries/tenants");
const { upsertSignedInUser } = await import("@/db/queries/users");
const { accountTokenContext, patContext } = await import("@/lib/crypto/contexts");
const { RekeyError, SEALED_COLUMNS, rekeyStoredValues, sealedInventory } = await import("@/lib/crypto/rekey");
const { createKeyring, generateKey, keyIdOfSealed, open, parseKey, seal } = await import("@/lib/crypto/secret-box");
const { ensureEmbeddedSecrets, recordServerStart } = await import("@/lib/embedded-secrets");
type Db = import("@/db").Db;
type Keyring = import("@/lib/crypto/secret-box").Keyring;

const TENANT = "5e1d2c3b-0000-4000-8000-00000000a001";
const PAT = "pat-plaintext-7c1f0e2a9b";
const ACCESS = "access-token-plaintext-55d1";
const REFRESH = "refresh-token-plaintext-9e0b";
const ACCOUNT = { provider: "microsoft-entra-id", providerAccountId: "oid-1" };

/** A database with a signed-in user's tokens and a tenant PAT, all sealed with `keyring`. */
async function seeded(keyring: Keyring, file = join(mkdtempSync(join(tmpdir(), "rotor-rekey-")), "rotor.db")): Promise<{ db: Db; file: string }> {
  const db = await openDatabase(file);
  await ensureTenant(db, { tenantId: TENANT, name: "Contoso" });
  const user = await upsertSignedInUser(db, { tenantId: TENANT, oid: "oid-1", homeTenantId: TENANT, email: "a@contoso.example", name: "A", role: "admin" });
  await saveProviderTokens(db, keyring, { userId: user.id, key: ACCOUNT, tokens: { accessToken: ACCESS, refreshToken: REFRESH } });
  db.update(schema.tenantDevopsSettings).set({ patSealed: seal(keyring, PAT, patContext(TENANT)), patLast4: PAT.slice(-4) }).where(eq(schema.tenantDevopsSettings.tenantId, TENANT)).run();
  return { db, file };
}

const storedPat = (db: Db) => db.select().from(schema.tenantDevopsSettings).where(eq(schema.tenantDevopsSettings.tenantId, TENANT)).get()!.patSealed!;
const dump = (db: Db) => JSON.stringify([db.select().from(schema.accounts).all(), db.select().from(schema.tenantDevopsSettings).all()]);

describe("re-encrypting stored secrets with a new key", () => {
  it("knows every sealed column of the schema", () => {
    const sealed = (Object.values(schema) as unknown[])
      .filter((table): table is SQLiteTable => is(table, SQLiteTable))
      .flatMap((table) => Object.keys(getTableColumns(table)).filter((c) => c.endsWith("Sealed")).map((c) => `${getTableName(table)}.${c}`));
    const registered = Object.entries(SEALED_COLUMNS).flatMap(([table, columns]) => columns.map((c) => `${getTableName(schema[table as keyof typeof SEALED_COLUMNS])}.${c}`));
    expect(sealed.length).toBeGreaterThan(0);
    expect(registered.sort()).toEqual(sealed.sort());
  });

  it("re-seals every value with the current key, opens to the same text, and a second run has nothing to do", async () => {
    const oldKey = generateKey();
    const { db } = await seeded(createKeyring(oldKey));
    const next = createKeyring(generateKey(), [oldKey]);
    expect(await sealedInventory(db)).toEqual(new Map([[createKeyring(oldKey).current.id, 3]]));

    expect(await rekeyStoredValues(db, next)).toEqual({ resealed: 3, current: 0 });

    const newOnly = createKeyring(next.current.key);
    expect(await getProviderTokens(db, newOnly, ACCOUNT)).toMatchObject({ accessToken: ACCESS, refreshToken: REFRESH });
    expect(open(newOnly, storedPat(db), patContext(TENANT))).toBe(PAT);
    expect(await sealedInventory(db)).toEqual(new Map([[next.current.id, 3]]));
    expect(await rekeyStoredValues(db, next)).toEqual({ resealed: 0, current: 3 });
  });

  it("changes nothing when one value cannot be opened, and names it without showing it", async () => {
    const oldKey = generateKey();
    const { db } = await seeded(createKeyring(oldKey));
    // The PAT was sealed with a key nobody has any more.
    db.update(schema.tenantDevopsSettings).set({ patSealed: seal(createKeyring(generateKey()), PAT, patContext(TENANT)) }).run();
    const before = dump(db);

    const attempt = () => rekeyStoredValues(db, createKeyring(generateKey(), [oldKey]));
    await expect(attempt()).rejects.toThrow(RekeyError);
    await expect(attempt()).rejects.toThrow(/Nothing was changed: the tenant .* Azure DevOps PAT could not be re-encrypted\. .*not configured/);
    try {
      await attempt();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(PAT);
    }
    expect(dump(db)).toBe(before);
  });

  it("refuses a value moved to another row (its associated data no longer matches)", async () => {
    const oldKey = generateKey();
    const keyring = createKeyring(oldKey);
    const { db } = await seeded(keyring);
    const access = db.select().from(schema.accounts).get()!.accessTokenSealed!;
    db.update(schema.accounts).set({ refreshTokenSealed: access }).run();
    const before = dump(db);
    await expect(rekeyStoredValues(db, createKeyring(generateKey(), [oldKey]))).rejects.toThrow(/refresh token could not be re-encrypted.*integrity check/);
    expect(dump(db)).toBe(before);
    expect(accountTokenContext(ACCOUNT, "access_token")).not.toBe(accountTokenContext(ACCOUNT, "refresh_token"));
  });
});

describe("npm run rotor -- encryption", { timeout: 60_000 }, () => {
  const cli = (dataDir: string, ...args: string[]) => rotorCli(dataDir, ["encryption", ...args]);

  it("rotate-key makes a new embedded key, re-encrypts everything with it, keeps the old one for a server still running and prints no secret", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rotor-rotate-"));
    const before = ensureEmbeddedSecrets(dataDir);
    const oldKey = parseKey(before.encryptionKey, "test");
    const { db } = await seeded(createKeyring(oldKey), join(dataDir, "rotor.db"));
    db.$client.close();

    const status = cli(dataDir, "status");
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`${createKeyring(oldKey).current.id}\\s+current\\s+3`));

    const result = cli(dataDir, "rotate-key");
    expect(result.status, result.stderr).toBe(0);
    const after = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as typeof before;
    expect(after.encryptionKey).not.toBe(before.encryptionKey);
    expect(after.previousEncryptionKeys).toEqual([before.encryptionKey]);
    expect(after.authSecret).toBe(before.authSecret);
    expect(statSync(join(dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
    const newRing = createKeyring(parseKey(after.encryptionKey, "test"));
    expect(result.stdout).toContain(`New encryption key ${newRing.current.id}: re-encrypted 3 stored secret(s)`);

    const reopened = await openDatabase(join(dataDir, "rotor.db"));
    expect(await getProviderTokens(reopened, newRing, ACCOUNT)).toMatchObject({ accessToken: ACCESS, refreshToken: REFRESH });
    expect(keyIdOfSealed(storedPat(reopened))).toBe(newRing.current.id);
    reopened.$client.close();

    const printed = result.stdout + result.stderr + status.stdout + status.stderr;
    for (const secret of [PAT, ACCESS, REFRESH, before.encryptionKey, after.encryptionKey]) expect(printed).not.toContain(secret);
  });

  it("a PAT sealed by a server still running with the old key stays readable: the old key goes only at a rekey after a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rotor-rotate-"));
    const oldRing = createKeyring(parseKey(ensureEmbeddedSecrets(dataDir).encryptionKey, "test"));
    const { db } = await seeded(oldRing, join(dataDir, "rotor.db"));
    recordServerStart(dataDir, oldRing.current.id); // Rotor is running with the old key
    expect(cli(dataDir, "rotate-key").status).toBe(0);
    const newRing = createKeyring(parseKey(ensureEmbeddedSecrets(dataDir).encryptionKey, "test"));

    // The running server, which still holds only the old key, saves a PAT after the rotation.
    const savePat = (ring: Keyring, pat: string) =>
      db.update(schema.tenantDevopsSettings).set({ patSealed: seal(ring, pat, patContext(TENANT)) }).where(eq(schema.tenantDevopsSettings.tenantId, TENANT)).run();
    savePat(oldRing, "pat-saved-after-rotation-1");
    const early = cli(dataDir, "rekey");
    expect(early.status, early.stderr).toBe(0);
    expect(early.stdout).toContain("Kept the previous key");
    expect(ensureEmbeddedSecrets(dataDir).previousEncryptionKeys).toHaveLength(1);
    expect(open(newRing, storedPat(db), patContext(TENANT))).toBe("pat-saved-after-rotation-1");

    // Still before the restart, another save with the old key; then Rotor restarts with the new key.
    savePat(oldRing, "pat-saved-after-rotation-2");
    recordServerStart(dataDir, newRing.current.id, new Date(Date.now() + 1000));
    const afterRestart = cli(dataDir, "rekey");
    expect(afterRestart.status, afterRestart.stderr).toBe(0);
    expect(afterRestart.stdout).toContain("the previous key is forgotten");
    expect(ensureEmbeddedSecrets(dataDir).previousEncryptionKeys).toBeUndefined();
    const onlyNew = createKeyring(parseKey(ensureEmbeddedSecrets(dataDir).encryptionKey, "test"));
    expect(open(onlyNew, storedPat(db), patContext(TENANT))).toBe("pat-saved-after-rotation-2");
    expect(await getProviderTokens(db, onlyNew, ACCOUNT)).toMatchObject({ accessToken: ACCESS, refreshToken: REFRESH });
    db.$client.close();
  });

  it("rotate-key refuses when the key comes from ROTOR_ENCRYPTION_KEY, and says what to do instead", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rotor-rotate-"));
    const result = rotorCli(dataDir, ["encryption", "rotate-key"], { ROTOR_ENCRYPTION_KEY: generateKey().toString("base64") });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("set the new key there, the old one in ROTOR_ENCRYPTION_PREVIOUS_KEYS");
  });
});
