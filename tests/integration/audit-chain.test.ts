import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { writeAudit } from "@/db/queries/audit";
import { ensureTenant } from "@/db/queries/tenants";
import { GENESIS_HASH, hashEntry } from "@/lib/audit/chain";
import { verifyAllChains, verifyTenantChain } from "@/lib/audit/verify";

const CONTOSO = "6a1d2c3b-0f4e-4c5d-9e8f-7a6b5c4d3e21";
const NORTHWIND = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71";

async function freshDb(): Promise<{ db: Db; file: string }> {
  const file = join(mkdtempSync(join(tmpdir(), "rotor-audit-")), "rotor.db");
  const db = await openDatabase(file);
  await ensureTenant(db, { tenantId: CONTOSO, name: "Contoso" });
  await ensureTenant(db, { tenantId: NORTHWIND, name: "Northwind" });
  return { db, file };
}

/** Five entries in Contoso, interleaved with two in Northwind; returns Contoso's row ids in order. */
async function writeSome(db: Db): Promise<number[]> {
  for (let i = 1; i <= 5; i++) {
    await writeAudit(db, {
      tenantId: CONTOSO,
      actor: { type: "user", id: `u${i}`, name: `User ${i}` },
      action: "application.settings_updated",
      target: { type: "application", id: `app-${i}` },
      detail: { application: `App ${i}`, changes: [`overlap ${i} h`], when: new Date(1_700_000_000_000 + i), gone: undefined },
    });
    if (i % 2 === 0) await writeAudit(db, { tenantId: NORTHWIND, actor: { type: "system", id: null, name: "Rotor" }, action: "applications.synced" });
  }
  return (db.$client.prepare("select id from audit_log where tenant_id = ? order by seq").all(CONTOSO) as { id: number }[]).map((r) => r.id);
}

const sql = (db: Db, text: string, ...params: unknown[]) => db.$client.prepare(text).run(...params);

describe("the audit log's hash chain", () => {
  it("numbers each tenant's entries and links each to the one before; every chain verifies", async () => {
    const { db } = await freshDb();
    const ids = await writeSome(db);
    const rows = db.$client.prepare("select seq, prev_hash as prev, hash from audit_log where tenant_id = ? order by seq").all(CONTOSO) as { seq: number; prev: string; hash: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(5);
    expect(await verifyTenantChain(db, { tenantId: CONTOSO })).toEqual({ tenantId: CONTOSO, entries: 5, head: { seq: 5, hash: rows[4]!.hash }, broken: null });
    expect((await verifyAllChains(db)).map((r) => [r.tenantName, r.entries, r.broken])).toEqual([
      ["Contoso", 5, null],
      ["Northwind", 2, null],
    ]);
    expect(ids).toHaveLength(5);
  });

  it("names the edited entry when one row's content is changed", async () => {
    const { db } = await freshDb();
    const ids = await writeSome(db);
    sql(db, "update audit_log set actor_name = 'Mallory' where id = ?", ids[2]);
    const report = await verifyTenantChain(db, { tenantId: CONTOSO });
    expect(report.broken).toMatchObject({ entryId: ids[2], seq: 3, reason: expect.stringContaining("changed after it was written") });
    expect(report.entries).toBe(5);
    // The other tenant's chain is untouched.
    expect((await verifyTenantChain(db, { tenantId: NORTHWIND })).broken).toBeNull();
  });

  it("notices an edit inside the detail JSON, and a row whose hash was recomputed (the next entry no longer follows it)", async () => {
    const { db } = await freshDb();
    const ids = await writeSome(db);
    sql(db, `update audit_log set detail = json_set(detail, '$.changes[0]', 'overlap 0 h') where id = ?`, ids[1]);
    expect((await verifyTenantChain(db, { tenantId: CONTOSO })).broken?.entryId).toBe(ids[1]);

    const other = (await freshDb()).db;
    const ids2 = await writeSome(other);
    // Rewrite entry #2 entirely as Rotor would (new content, its hash recomputed): #3 now breaks.
    const row = other.$client.prepare("select * from audit_log where id = ?").get(ids2[1]) as Record<string, unknown>;
    const forged = hashEntry({
      tenantId: CONTOSO, seq: 2, at: new Date(row.at as number), actorType: "user", actorId: "u2", actorName: "Mallory",
      action: row.action as string, targetType: row.target_type as string, targetId: row.target_id as string,
      detail: JSON.parse(row.detail as string) as Record<string, unknown>, prevHash: row.prev_hash as string,
    });
    sql(other, "update audit_log set actor_name = 'Mallory', hash = ? where id = ?", forged, ids2[1]);
    expect((await verifyTenantChain(other, { tenantId: CONTOSO })).broken).toMatchObject({ entryId: ids2[2], reason: expect.stringContaining("does not follow entry #2") });
  });

  it("notices a deleted row (a gap) and deleted newest rows (the head)", async () => {
    const { db } = await freshDb();
    const ids = await writeSome(db);
    sql(db, "delete from audit_log where id = ?", ids[1]);
    expect((await verifyTenantChain(db, { tenantId: CONTOSO })).broken).toMatchObject({ entryId: ids[2], seq: 3, reason: expect.stringContaining("(#2) is missing") });

    const tail = (await freshDb()).db;
    const tailIds = await writeSome(tail);
    sql(tail, "delete from audit_log where id in (?, ?)", tailIds[3], tailIds[4]);
    expect((await verifyTenantChain(tail, { tenantId: CONTOSO })).broken).toMatchObject({ entryId: null, reason: expect.stringContaining("ends at #3 but Rotor recorded #5") });
    // Rotor keeps recording after the head, so the gap stays visible.
    await writeAudit(tail, { tenantId: CONTOSO, actor: { type: "system", id: null, name: "Rotor" }, action: "applications.synced" });
    expect((await verifyTenantChain(tail, { tenantId: CONTOSO })).broken).toMatchObject({ seq: 6, reason: expect.stringContaining("(#4–#5) are missing") });
  });

  it("notices reordered entries", async () => {
    const { db } = await freshDb();
    const ids = await writeSome(db);
    // Swap the positions of #2 and #3 (through a free number: (tenant, seq) is unique).
    sql(db, "update audit_log set seq = -1 where id = ?", ids[1]);
    sql(db, "update audit_log set seq = 2 where id = ?", ids[2]);
    sql(db, "update audit_log set seq = 3 where id = ?", ids[1]);
    expect((await verifyTenantChain(db, { tenantId: CONTOSO })).broken).toMatchObject({ entryId: ids[2], seq: 2 });

    const swapped = (await freshDb()).db;
    const ids2 = await writeSome(swapped);
    // Swap the times, the order the page shows.
    const at = (id: number) => (swapped.$client.prepare("select at from audit_log where id = ?").get(id) as { at: number }).at;
    const [a, b] = [at(ids2[0]!), at(ids2[4]!)];
    sql(swapped, "update audit_log set at = ? where id = ?", b, ids2[0]);
    sql(swapped, "update audit_log set at = ? where id = ?", a, ids2[4]);
    expect((await verifyTenantChain(swapped, { tenantId: CONTOSO })).broken?.entryId).toBe(ids2[0]);
  });

  it("notices a row inserted by hand, and a row moved to another tenant", async () => {
    const { db } = await freshDb();
    const ids = await writeSome(db);
    sql(db, "insert into audit_log (tenant_id, at, actor_type, actor_name, action) values (?, ?, 'system', 'Rotor', 'rotation.succeeded')", CONTOSO, Date.now());
    expect((await verifyTenantChain(db, { tenantId: CONTOSO })).broken?.reason).toContain("not written by Rotor");

    const moved = (await freshDb()).db;
    const movedIds = await writeSome(moved);
    sql(moved, "update audit_log set tenant_id = ? where id = ?", NORTHWIND, movedIds[4]);
    const reports = await verifyAllChains(moved);
    expect(reports.find((r) => r.tenantId === CONTOSO)!.broken?.reason).toContain("recorded #5");
    expect(reports.find((r) => r.tenantId === NORTHWIND)!.broken?.entryId).toBe(movedIds[4]);
    expect(ids).toHaveLength(5);
  });

  it("chains the rows written before the chain existed when the database is opened, once", async () => {
    const { db, file } = await freshDb();
    const ids = await writeSome(db);
    // As the upgrade finds them: no positions or hashes, no heads.
    sql(db, "update audit_log set seq = null, prev_hash = null, hash = null");
    sql(db, "delete from audit_chain_heads");
    db.$client.close();
    const reopened = await openDatabase(file);
    const report = await verifyTenantChain(reopened, { tenantId: CONTOSO });
    expect(report).toMatchObject({ entries: 5, broken: null, head: { seq: 5 } });
    const order = (reopened.$client.prepare("select id from audit_log where tenant_id = ? order by seq").all(CONTOSO) as { id: number }[]).map((r) => r.id);
    expect(order).toEqual(ids);
    // Once a tenant's chain has started, an unhashed row is not chained at the next start: it is reported.
    sql(reopened, "update audit_log set hash = null where id = ?", ids[4]);
    reopened.$client.close();
    const again = await openDatabase(file);
    expect((await verifyTenantChain(again, { tenantId: CONTOSO })).broken?.entryId).toBe(ids[4]);
  });

  it("keeps one chain when two processes write to the same tenant at once", { timeout: 90_000 }, async () => {
    const { db, file } = await freshDb();
    db.$client.close();
    const writer = (name: string) =>
      new Promise<number | null>((done) => {
        const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/audit-writer.ts", file, CONTOSO, name, "150"], { stdio: "inherit" });
        child.on("exit", done);
      });
    expect(await Promise.all([writer("first"), writer("second")])).toEqual([0, 0]);
    const after = await openDatabase(file);
    const report = await verifyTenantChain(after, { tenantId: CONTOSO });
    expect(report).toMatchObject({ entries: 300, broken: null, head: { seq: 300 } });
    expect(after.$client.prepare("select count(distinct seq) as n from audit_log").get()).toEqual({ n: 300 });
  });
});
