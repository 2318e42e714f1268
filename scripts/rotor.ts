import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fail, setUsage } from "./rotor/output";

/**
 * `npm run rotor -- <command>`: administration from the server's shell, against the database
 * lib/env.ts points at (ROTOR_DATABASE_URL, or ROTOR_DATA_DIR / ROTOR_DATABASE_FILE, as the app reads them).
 *
 * Rotor's data access imports `server-only`, which resolves to nothing only under the
 * `react-server` condition, as in the app: so this script runs itself again under it.
 */
const USAGE = `Usage:
  npm run rotor -- api-keys create --tenant <tenantId> --name <name>   prints the new key once
  npm run rotor -- api-keys list   --tenant <tenantId>
  npm run rotor -- api-keys revoke --tenant <tenantId> --id <keyId>
  npm run rotor -- encryption status       which key sealed each stored secret
  npm run rotor -- encryption rekey        re-encrypt stored secrets with ROTOR_ENCRYPTION_KEY
  npm run rotor -- encryption rotate-key   embedded default: make a new key and re-encrypt
  npm run rotor -- audit verify [--tenant <tenantId>]   check each tenant's audit chain; exit 1 if one is broken
  npm run rotor -- db status               which migrations the database has applied
  npm run rotor -- db migrate              apply pending migrations (Rotor also does on start)
  npm run rotor -- db copy --from <sqlite file> --to <postgres url>   move an installation to an empty PostgreSQL database`;
setUsage(USAGE);

if (!process.execArgv.some((arg) => arg === "--conditions=react-server" || arg === "-C=react-server")) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        tenant: { type: "string" },
        name: { type: "string" },
        id: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
})();

const [group, command] = positionals;
if (values.help || !command) fail(USAGE);

const { ConfigError, env } = await import("@/lib/env");
try {
  env();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

if (group === "api-keys") {
  const { apiKeysCommand } = await import("./rotor/api-keys");
  await apiKeysCommand(command, values);
} else if (group === "encryption") {
  const { encryptionCommand } = await import("./rotor/encryption");
  await encryptionCommand(command);
} else if (group === "audit") {
  const { auditCommand } = await import("./rotor/audit");
  await auditCommand(command, values);
} else if (group === "db") {
  const { dbCommand } = await import("./rotor/db");
  await dbCommand(command, values);
} else {
  fail(USAGE);
}
