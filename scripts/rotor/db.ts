import { copySqliteToPostgres, CopyError } from "@/db/copy";
import { postgresMigrationStatus, sqliteMigrationStatus, type MigrationStatus } from "@/db/migration-status";
import { migratePostgres } from "@/db/postgres";
import { env, postgresUrlProblem, redactDatabaseUrl } from "@/lib/env";
import { resolve } from "node:path";
import { fail, failWithUsage, printTable } from "./output";

function where(): string {
  const config = env();
  return config.databaseUrl ? `PostgreSQL ${redactDatabaseUrl(config.databaseUrl)}` : `SQLite ${config.databaseFile}`;
}

function printStatus(status: MigrationStatus): void {
  printTable(
    ["migration", "state"],
    [...status.applied.map((tag) => [tag, "applied"]), ...status.pending.map((tag) => [tag, "pending"])],
  );
}

/**
 * `rotor db migrate | status | copy --from <sqlite file> --to <postgres url>`: the database
 * ROTOR_DATABASE_URL (PostgreSQL) or the SQLite file names. Rotor migrates on start as well;
 * `migrate` is for doing it ahead of a deployment, `copy` moves an embedded installation to
 * PostgreSQL. A URL is only ever printed without its password.
 */
export async function dbCommand(command: string, values: { from?: string; to?: string }): Promise<void> {
  const config = env();
  if (command === "status") {
    const status = config.databaseUrl ? await postgresMigrationStatus(config.databaseUrl) : sqliteMigrationStatus(config.databaseFile);
    console.log(`${where()}\n`);
    printStatus(status);
    console.log(status.pending.length ? `\n${status.pending.length} migration(s) pending: run \`npm run rotor -- db migrate\` (Rotor also applies them on start).` : "\nUp to date.");
  } else if (command === "migrate") {
    if (config.databaseUrl) await migratePostgres(config.databaseUrl);
    else (await (await import("@/db")).openDatabase(config.databaseFile)).$client.close();
    const status = config.databaseUrl ? await postgresMigrationStatus(config.databaseUrl) : sqliteMigrationStatus(config.databaseFile);
    console.log(`${where()}: ${status.applied.length} migration(s) applied, none pending.`);
  } else if (command === "copy") {
    if (!values.from) failWithUsage("--from <sqlite file> is required.");
    if (!values.to) failWithUsage("--to <postgres url> is required.");
    const problem = postgresUrlProblem(values.to);
    if (problem) fail(`--to ${problem}`);
    const from = resolve(values.from);
    console.log(`Copying ${from} to ${redactDatabaseUrl(values.to)}…`);
    try {
      const report = await copySqliteToPostgres({ from, to: values.to });
      printTable(["table", "rows"], report.map((r) => [r.table, String(r.rows)]));
      const total = report.reduce((sum, r) => sum + r.rows, 0);
      console.log(`\nCopied ${total} row(s) in ${report.length} tables; every table's count matches. Start Rotor with ROTOR_DATABASE_URL set to the target.`);
    } catch (error) {
      if (error instanceof CopyError) fail(`Nothing was copied: ${error.message}`);
      fail(`Nothing was copied: ${(error as Error).message.replaceAll(values.to, redactDatabaseUrl(values.to))}`);
    }
  } else {
    failWithUsage(`Unknown command "db ${command}".`);
  }
}
