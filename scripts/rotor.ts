import { spawnSync } from "node:child_process";
import { userInfo } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/**
 * `npm run rotor -- <command>`: administration from the server's shell, against the database
 * lib/env.ts points at (ROTOR_DATA_DIR / ROTOR_DATABASE_FILE, as the app reads them).
 *
 *   api-keys create --tenant <tenantId> --name <name>   prints the new key once
 *   api-keys list   --tenant <tenantId>
 *   api-keys revoke --tenant <tenantId> --id <keyId>
 *
 * Rotor's data access imports `server-only`, which resolves to nothing only under the
 * `react-server` condition, as in the app: so this script runs itself again under it.
 */
const USAGE = `Usage:
  npm run rotor -- api-keys create --tenant <tenantId> --name <name>
  npm run rotor -- api-keys list   --tenant <tenantId>
  npm run rotor -- api-keys revoke --tenant <tenantId> --id <keyId>`;

if (!process.execArgv.some((arg) => arg === "--conditions=react-server" || arg === "-C=react-server")) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log([line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { tenant: { type: "string" }, name: { type: "string" }, id: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
})();

const [group, command] = positionals;
if (values.help || group !== "api-keys" || !command) fail(USAGE);

const { ConfigError, env } = await import("@/lib/env");
try {
  env();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const { getDb } = await import("@/db");
const { getTenant } = await import("@/db/queries/tenants");
const { createApiKey, listApiKeySummaries, revokeTenantApiKey } = await import("@/lib/api-keys/manage");
const { createApiKeySchema, revokeApiKeySchema } = await import("@/lib/validations/api-keys");
const { isAppError } = await import("@/lib/errors");

const db = await getDb();
const tenantId = values.tenant?.trim();
if (!tenantId) fail(`--tenant <tenantId> is required.\n\n${USAGE}`);
const tenant = getTenant(db, { tenantId });
if (!tenant) fail(`No tenant ${tenantId} in ${env().databaseFile}. A tenant appears after its first sign-in to Rotor.`);
const actor = { kind: "cli" as const, name: userInfo().username };

try {
  switch (command) {
    case "create": {
      const parsed = createApiKeySchema.safeParse({ name: values.name ?? "" });
      if (!parsed.success) fail(`--name: ${parsed.error.issues[0]!.message}`);
      const { record, key } = createApiKey(db, { tenantId, name: parsed.data.name, actor });
      console.log(`Created API key “${record.name}” (${record.prefix}…, id ${record.id}) for ${tenant.name}.\n`);
      console.log(`  ${key}\n`);
      console.log("Copy it now: Rotor keeps only its hash and will not show it again. Send it as `Authorization: Bearer <key>`.");
      break;
    }
    case "list": {
      const keys = listApiKeySummaries(db, { tenantId });
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
      const row = revokeTenantApiKey(db, { tenantId, id: parsed.data.id, actor });
      console.log(`Revoked API key “${row.name}” (${row.prefix}…). Calls with it now get 401.`);
      break;
    }
    default:
      fail(`Unknown command "api-keys ${command}".\n\n${USAGE}`);
  }
} catch (error) {
  if (isAppError(error)) fail(error.message);
  throw error;
}
db.$client.close();
