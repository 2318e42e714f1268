import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { CONTOSO_REGISTRY_HOSTS, DEVOPS_PROJECTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { APPS, ORGANIZATIONS, TENANTS } from "../../emulator/seed";
import type { ProcessStack } from "./process-stack";

/**
 * Rotor's side of a process stack, seen from outside the app: set-up rows written through Rotor's
 * own modules (as the dialog and `npm run rotor -- api-keys create` would), the journal read from
 * the SQLite file read-only, and the scheduler API over HTTP.
 */

/** The seeded applications with a supported service connection of their own, by project. */
export const BINDINGS = {
  "payments-api": { organization: "contoso-platform", projectName: "payments", endpointId: SERVICE_CONNECTIONS.paymentsApiArm },
  "container-builds": { organization: "contoso-platform", projectName: "payments", endpointId: SERVICE_CONNECTIONS.containerBuildsRegistry },
  "reporting-service": { organization: "contoso-platform", projectName: "legacy", endpointId: SERVICE_CONNECTIONS.reportingArm },
  "legacy-batch": { organization: "contoso-data", projectName: "shared-infra", endpointId: SERVICE_CONNECTIONS.legacyBatchArm },
} as const;
export type BoundKey = keyof typeof BINDINGS;
export type Managed = { key: BoundKey; id: string; tenantId: string; appId: string; objectId: string; endpointId: string };

/** Points this process's Rotor modules at the stack's data folder. Call before any lib/ or db/ import. */
export function useStackData(stack: Pick<ProcessStack, "dataDir" | "emulator">): void {
  process.env.ROTOR_PROFILE = "embedded";
  process.env.LOG_LEVEL = "warn";
  process.env.ROTOR_DATA_DIR = stack.dataDir;
  delete process.env.ROTOR_DATABASE_FILE;
  process.env.ROTOR_EMULATOR_HTTP_PORT = new URL(stack.emulator.urls.http).port;
  process.env.ROTOR_EMULATOR_HTTPS_PORT = new URL(stack.emulator.urls.https).port;
}

/** Puts a seeded application under Rotor with its service connection bound, as the dialog saves it (cf. tests/support/applications.ts). */
export async function bindApplication(key: BoundKey): Promise<Managed> {
  const { getDb } = await import("@/db");
  const { applications, tenantDevopsSettings } = await import("@/db/tables");
  const { ensureTenant } = await import("@/db/queries/tenants");
  const { eq } = await import("drizzle-orm");
  const db = await getDb();
  const app = APPS.find((a) => a.key === key)!;
  const binding = BINDINGS[key];
  const tenant = TENANTS[ORGANIZATIONS.find((o) => o.name === binding.organization)!.tenant];
  await ensureTenant(db, { tenantId: tenant.id, name: tenant.name });
  db.update(tenantDevopsSettings).set({ integrationEnabled: true, useServicePrincipal: true, dockerRegistryHosts: CONTOSO_REGISTRY_HOSTS }).where(eq(tenantDevopsSettings.tenantId, tenant.id)).run();
  const project = DEVOPS_PROJECTS.find((p) => p.organization === binding.organization && p.name === binding.projectName)!;
  const id = randomUUID();
  db.insert(applications)
    .values({
      id, tenantId: tenant.id, appId: app.appId, objectId: app.objectId, displayName: app.displayName, overlapHours: 0,
      devopsEnabled: true, devopsOrganization: binding.organization, devopsOrganizationTenantId: tenant.id,
      devopsProjectId: project.id, devopsProjectName: project.name, devopsEndpointId: binding.endpointId,
      devopsEndpointName: Object.entries(SERVICE_CONNECTIONS).find(([, v]) => v === binding.endpointId)![0],
    })
    .run();
  return { key, id, tenantId: tenant.id, appId: app.appId, objectId: app.objectId, endpointId: binding.endpointId };
}

/** A scheduler API key for the tenant, as an admin would create it. */
export async function createSchedulerKey(tenantId: string, name = "process tests"): Promise<string> {
  const { getDb } = await import("@/db");
  const { createApiKey } = await import("@/lib/api-keys/manage");
  const { commandLineActor } = await import("@/lib/actor");
  return (await createApiKey(await getDb(), { tenantId, name, actor: commandLineActor("process tests") })).key;
}

export type JournalRow = {
  id: string;
  applicationId: string;
  state: string;
  newKeyId: string | null;
  newSecretName: string | null;
  oldKeyIds: string[];
  failureReason: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  output: string[];
};

/** Reads rotations and their output straight from the SQLite file, read-only, as an operator would. */
export function journalReader(dbFile: string) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  const toRow = (r: Record<string, unknown>): JournalRow => ({
    id: r.id as string,
    applicationId: r.application_id as string,
    state: r.state as string,
    newKeyId: r.new_key_id as string | null,
    newSecretName: r.new_secret_name as string | null,
    oldKeyIds: r.old_key_ids ? (JSON.parse(r.old_key_ids as string) as string[]) : [],
    failureReason: r.failure_reason as string | null,
    leaseOwner: r.lease_owner as string | null,
    leaseExpiresAt: r.lease_expires_at as number | null,
    output: (db.prepare("select message from rotation_output where rotation_id = ? order by id").all(r.id) as { message: string }[]).map((o) => o.message),
  });
  return {
    rotation(id: string): JournalRow | undefined {
      const row = db.prepare("select * from rotations where id = ?").get(id) as Record<string, unknown> | undefined;
      return row ? toRow(row) : undefined;
    },
    all(): JournalRow[] {
      return (db.prepare("select * from rotations order by rowid").all() as Record<string, unknown>[]).map(toRow);
    },
    close: () => db.close(),
  };
}

export const FINISHED = ["succeeded", "failed"];

/** The scheduler API, as a scheduler calls it. */
export function schedulerApi(appUrl: string, key: string) {
  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${appUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, ...headers } });
    return { status: res.status, body: (await res.json()) as { rotation: { id: string; state: string; finished: boolean }; created?: boolean; output?: { message: string }[] } };
  };
  return {
    start: (applicationId: string, headers?: Record<string, string>) => call("POST", `/applications/${applicationId}/rotations`, headers),
    get: (rotationId: string) => call("GET", `/rotations/${rotationId}`),
    due: () => call("POST", "/rotations/due"),
  };
}
