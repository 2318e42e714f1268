import { closeDatabase, getDb } from "@/db";
import { getTenant } from "@/db/queries/tenants";
import { verifyAllChains, verifyTenantChain, type ChainBreak } from "@/lib/audit/verify";
import { fail, failWithUsage } from "./output";

const utc = (at: Date) => `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** "entry 42 (#7, 2026-12-03 10:00:00 UTC, rotation.succeeded by Adele Vance)", or the end of the log. */
export function describeBreak(b: ChainBreak): string {
  if (b.entryId === null) return `the end of the log: ${b.reason}`;
  const where = [b.seq !== null ? `#${b.seq}` : "no position", b.at ? utc(b.at) : null, b.action ? `${b.action} by ${b.actorName}` : null].filter(Boolean).join(", ");
  return `entry ${b.entryId} (${where}): ${b.reason}`;
}

/**
 * `rotor audit verify [--tenant <id>]`: walks each tenant's audit chain and names the first entry
 * that breaks it. Exits 1 when any chain is broken, so a scheduled job can alert on it.
 */
export async function auditCommand(command: string, values: { tenant?: string }): Promise<void> {
  if (command !== "verify") failWithUsage(`Unknown command "audit ${command}".`);
  const db = await getDb();
  try {
    const tenantId = values.tenant?.trim();
    const reports = tenantId
      ? [{ ...(await verifyTenantChain(db, { tenantId })), tenantName: (await getTenant(db, { tenantId }))?.name ?? fail(`No tenant ${tenantId} in the database.`) }]
      : await verifyAllChains(db);
    if (reports.length === 0) {
      console.log("The audit log is empty: nothing to verify.");
      return;
    }
    for (const r of reports) {
      const name = `${r.tenantName} (${r.tenantId})`;
      if (r.broken) console.log(`${name}: BROKEN at ${describeBreak(r.broken)}`);
      else if (r.head) console.log(`${name}: ${r.entries} entries, the chain holds. Newest #${r.head.seq}, hash ${r.head.hash}`);
      else console.log(`${name}: no entries.`);
    }
    const broken = reports.filter((r) => r.broken).length;
    if (broken) fail(`\n${broken} of ${reports.length} tenant chain(s) are broken: the audit log was changed outside Rotor.`);
    console.log(`\nEvery chain holds (${reports.length} tenant(s)).`);
  } finally {
    closeDatabase(db);
  }
}
