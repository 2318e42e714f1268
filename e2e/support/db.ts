import Database from "better-sqlite3";
import { join } from "node:path";
import { E2E } from "../stack-config";

/** Read-only SQL against the stack's database (the app holds the only writer). */
export function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(E2E.dataDir, "rotor.db"), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export type Snapshot = Record<string, unknown[]>;

/**
 * Every row a call could change in the given tenants: applications, their credential snapshots and owners, Azure DevOps
 * settings, rotations and their output, API keys, the audit log, the schedule setting and due runs. `ignoreKeyUsage` drops
 * `last_used_at` of keys that authenticated the call (using a key records its use, by design).
 */
export function snapshot(tenantIds: readonly string[], { ignoreKeyUsage = [] }: { ignoreKeyUsage?: readonly string[] } = {}): Snapshot {
  const db = new Database(join(E2E.dataDir, "rotor.db"), { readonly: true });
  try {
    const inTenants = `(${tenantIds.map(() => "?").join(",")})`;
    const all = (sql: string) => db.prepare(sql).all(...tenantIds) as Record<string, unknown>[];
    return {
      applications: all(`select * from applications where tenant_id in ${inTenants} order by id`),
      credentialSnapshots: all(`select * from credential_snapshots where tenant_id in ${inTenants} order by application_id`),
      applicationOwners: all(`select o.* from application_owners o join applications a on a.id = o.application_id where a.tenant_id in ${inTenants} order by o.application_id, o.owner_oid`),
      devopsSettings: all(`select * from tenant_devops_settings where tenant_id in ${inTenants} order by tenant_id`),
      rotations: all(`select * from rotations where tenant_id in ${inTenants} order by id`),
      rotationOutput: all(`select o.* from rotation_output o join rotations r on r.id = o.rotation_id where r.tenant_id in ${inTenants} order by o.id`),
      apiKeys: all(`select * from api_keys where tenant_id in ${inTenants} order by id`).map((row) =>
        ignoreKeyUsage.includes(row.id as string) ? { ...row, last_used_at: "(used by this call)" } : row,
      ),
      auditLog: all(`select * from audit_log where tenant_id in ${inTenants} order by id`),
      scheduleSettings: all(`select * from tenant_schedule_settings where tenant_id in ${inTenants} order by tenant_id`),
      dueRuns: all(`select * from due_runs where tenant_id in ${inTenants} order by id`),
      // A channel's set-up, not its health: the alert worker updates that in the background.
      notificationChannels: all(
        `select id, tenant_id, kind, name, enabled, smtp_host, smtp_port, smtp_tls_mode, smtp_user, mail_from, webhook_url, webhook_format, secret_sealed, allow_private_targets, events from notification_channels where tenant_id in ${inTenants} order by id`,
      ),
      notificationSettings: all(`select * from tenant_notification_settings where tenant_id in ${inTenants} order by tenant_id`),
    };
  } finally {
    db.close();
  }
}

const unfinished = (tenantIds: readonly string[]) =>
  query<{ n: number }>(`select count(*) as n from rotations where tenant_id in (${tenantIds.map(() => "?").join(",")}) and state not in ('succeeded', 'failed')`, ...tenantIds)[0]!.n;

/**
 * Waits until the tenants' rotations have all finished and the rows stop changing, so a later
 * snapshot sees only what the next call does (a rotation runs on in the background after the call).
 */
export async function settle(tenantIds: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const now = JSON.stringify(snapshot(tenantIds));
    if (unfinished(tenantIds) === 0 && now === last) return;
    if (Date.now() > deadline) throw new Error("the tenants' rotations did not settle");
    last = now;
    await new Promise((done) => setTimeout(done, 400));
  }
}
