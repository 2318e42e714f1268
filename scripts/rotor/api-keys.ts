import { userInfo } from "node:os";
import { closeDatabase, getDb } from "@/db";
import { getTenant } from "@/db/queries/tenants";
import { createApiKey, listApiKeySummaries, revokeTenantApiKey } from "@/lib/api-keys/manage";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createApiKeySchema, revokeApiKeySchema } from "@/lib/validations/api-keys";
import { fail, failWithUsage, printTable } from "./output";
import { commandLineActor } from "@/lib/actor";

/** `rotor api-keys create|list|revoke`: the scheduler API's keys, as the System → API keys page manages them. */
export async function apiKeysCommand(command: string, values: { tenant?: string; name?: string; id?: string }): Promise<void> {
  const db = await getDb();
  const tenantId = values.tenant?.trim();
  if (!tenantId) failWithUsage("--tenant <tenantId> is required.");
  const tenant = await getTenant(db, { tenantId });
  if (!tenant) fail(`No tenant ${tenantId} in ${env().databaseFile}. A tenant appears after its first sign-in to Rotor.`);
  const actor = commandLineActor(userInfo().username);

  try {
    switch (command) {
      case "create": {
        const parsed = createApiKeySchema.safeParse({ name: values.name ?? "" });
        if (!parsed.success) fail(`--name: ${parsed.error.issues[0]!.message}`);
        const { record, key } = await createApiKey(db, { tenantId, name: parsed.data.name, actor });
        console.log(`Created API key “${record.name}” (${record.prefix}…, id ${record.id}) for ${tenant.name}.\n`);
        console.log(`  ${key}\n`);
        console.log("Copy it now: Rotor keeps only its hash and will not show it again. Send it as `Authorization: Bearer <key>`.");
        break;
      }
      case "list": {
        const keys = await listApiKeySummaries(db, { tenantId });
        if (keys.length === 0) {
          console.log(`No API keys in ${tenant.name}.`);
          break;
        }
        const rows = keys.map((k) => [
          k.id,
          k.prefix,
          k.name,
          `${k.createdAt.slice(0, 16).replace("T", " ")} by ${k.createdBy}`,
          k.lastUsedAt ? k.lastUsedAt.slice(0, 16).replace("T", " ") : "never",
          k.revokedAt ? `revoked ${k.revokedAt.slice(0, 16).replace("T", " ")} by ${k.revokedBy}` : "active",
        ]);
        printTable(["id", "prefix", "name", "created (UTC)", "last used", "status"], rows);
        break;
      }
      case "revoke": {
        const parsed = revokeApiKeySchema.safeParse({ id: values.id ?? "" });
        if (!parsed.success) fail(`--id: ${parsed.error.issues[0]!.message} (see \`api-keys list\`).`);
        const row = await revokeTenantApiKey(db, { tenantId, id: parsed.data.id, actor });
        console.log(`Revoked API key “${row.name}” (${row.prefix}…). Calls with it now get 401.`);
        break;
      }
      default:
        failWithUsage(`Unknown command "api-keys ${command}".`);
    }
  } catch (error) {
    if (isAppError(error)) fail(error.message);
    throw error;
  } finally {
    closeDatabase(db);
  }
}
