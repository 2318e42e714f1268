import { existsSync, writeFileSync } from "node:fs";
import { openDatabase } from "@/db";
import { writeAudit } from "@/db/queries/audit";

/**
 * One of two processes appending to the same tenant's audit chain at once (audit-chain.test.ts):
 * `audit-writer.ts <database file> <tenant id> <name> <count>`. Each says it is ready and waits
 * for the other, so their writes overlap.
 */
const [file, tenantId, name, count] = process.argv.slice(2) as [string, string, string, string];
writeFileSync(`${file}.ready-${name}`, "");
const other = name === "first" ? "second" : "first";
while (!existsSync(`${file}.ready-${other}`)) await new Promise((done) => setTimeout(done, 10));
const db = await openDatabase(file);
for (let i = 0; i < Number(count); i++) {
  await writeAudit(db, { tenantId, actor: { type: "system", id: null, name }, action: "applications.synced", detail: { i } });
  await new Promise((done) => setImmediate(done));
}
db.$client.close();
