import { relations, sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Consumer } from "../lib/azure/devops/discovery";

/** Every column whose name ends in `Sealed` holds a value sealed by lib/crypto/secret-box. */

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** An Entra tenant, keyed by its directory (tenant) id — the `tid` claim. */
export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const userRoles = ["admin", "member"] as const;
export type UserRole = (typeof userRoles)[number];

/** A person as known in one tenant (a guest has their own row in each tenant they visit). */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    /** Object id of the user in `tenantId` (the `oid` claim). */
    oid: text("oid").notNull(),
    /** Tenant the account belongs to; differs from tenantId for a guest. */
    homeTenantId: text("home_tenant_id").notNull(),
    email: text("email"),
    name: text("name").notNull(),
    role: text("role", { enum: userRoles }).notNull().default("member"),
    lastSignInAt: integer("last_sign_in_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_tenant_oid").on(t.tenantId, t.oid)],
);

/**
 * Auth.js account shape. Rotor uses JWT sessions, so Auth.js itself keeps nothing here; Rotor
 * stores the provider tokens it needs for delegated Azure DevOps calls, sealed.
 */
export const accounts = sqliteTable(
  "accounts",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    accessTokenSealed: text("access_token_sealed"),
    refreshTokenSealed: text("refresh_token_sealed"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    scope: text("scope"),
    tokenType: text("token_type"),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user").on(t.userId)],
);

/**
 * A signed-in browser session. The session cookie (a JWT) carries a random session secret; only
 * its SHA-256 is kept here, so the row can be ended (sign-out, "sign out everywhere", an admin)
 * and every copy of the cookie stops working at its next request.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    /** Public handle, shown to the person and used to end one session; never the cookie's secret. */
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    /** Sign-in time; the session ends at `expiresAt` (sign-in + the absolute lifetime) whatever its use. */
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    /** Last time Entra ID confirmed the person still exists and which role they hold. */
    validatedAt: integer("validated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("sessions_token_hash").on(t.tokenHash), index("sessions_user").on(t.userId)],
);

/** The tenant admin's System → Azure DevOps settings. */
export const tenantDevopsSettings = sqliteTable("tenant_devops_settings", {
  tenantId: text("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
  integrationEnabled: integer("integration_enabled", { mode: "boolean" }).notNull().default(false),
  useServicePrincipal: integer("use_service_principal", { mode: "boolean" }).notNull().default(true),
  patSealed: text("pat_sealed"),
  patLast4: text("pat_last4"),
  patSavedAt: integer("pat_saved_at", { mode: "timestamp_ms" }),
  patSavedBy: text("pat_saved_by").references(() => users.id, { onDelete: "set null" }),
  includeHomeTenantOrgs: integer("include_home_tenant_orgs", { mode: "boolean" }).notNull().default(false),
  /**
   * Hosts (`name[:port]`) whose docker registry connections Rotor may write a secret into; empty:
   * none, so a connection naming someone's own registry never receives an application's secret.
   */
  dockerRegistryHosts: text("docker_registry_hosts", { mode: "json" }).$type<string[]>().notNull().default([]),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/** An Entra application Rotor manages, with its rotation policy and its Azure DevOps binding. */
export const applications = sqliteTable(
  "applications",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    /** Application (client) id. */
    appId: text("app_id").notNull(),
    /** Graph object id of the application registration. */
    objectId: text("object_id").notNull(),
    displayName: text("display_name").notNull(),
    secretLifetimeDays: integer("secret_lifetime_days").notNull().default(180),
    rotateBeforeDays: integer("rotate_before_days").notNull().default(30),
    overlapHours: integer("overlap_hours").notNull().default(24),
    scheduleEnabled: integer("schedule_enabled", { mode: "boolean" }).notNull().default(true),
    devopsEnabled: integer("devops_enabled", { mode: "boolean" }).notNull().default(false),
    devopsOrganization: text("devops_organization"),
    /** Entra tenant of the organization's group in the dialog (a guest's home tenant, or the application's). */
    devopsOrganizationTenantId: text("devops_organization_tenant_id"),
    devopsProjectId: text("devops_project_id"),
    devopsProjectName: text("devops_project_name"),
    devopsEndpointId: text("devops_endpoint_id"),
    devopsEndpointName: text("devops_endpoint_name"),
    devopsEndpointType: text("devops_endpoint_type"),
    devopsBoundAt: integer("devops_bound_at", { mode: "timestamp_ms" }),
    devopsBoundBy: text("devops_bound_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("applications_tenant_app").on(t.tenantId, t.appId)],
);

/** Owners of an application as Entra lists them (object ids in the application's tenant). */
export const applicationOwners = sqliteTable(
  "application_owners",
  {
    applicationId: text("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    ownerOid: text("owner_oid").notNull(),
    syncedAt: integer("synced_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.ownerOid] })],
);

export const rotationTriggers = ["manual", "schedule", "api", "recovery"] as const;
/**
 * The journal's states, in the order a rotation passes them: the new secret is verified with
 * Entra ID before it is written into the service connection, so a connection never holds a
 * secret that does not work. `connection_written`: the PUT is confirmed by reading the connection
 * back; `connection_updated`: and Azure DevOps' connection test passed (where the type has one).
 * `compensating` undoes a failed rotation (removes the new secret).
 */
export const rotationStates = [
  "pending",
  "secret_created",
  "verified",
  "connection_written",
  "connection_updated",
  "succeeded",
  "compensating",
  "failed",
] as const;
export type RotationState = (typeof rotationStates)[number];

/** The states a rotation ends in; every other state is still running (or waiting to resume). */
export const FINISHED_STATES: readonly RotationState[] = ["succeeded", "failed"];
export const isFinished = (state: string): boolean => (FINISHED_STATES as readonly string[]).includes(state);

/** One rotation: a journaled state machine; `state` is the last step that completed. */
export const rotations = sqliteTable(
  "rotations",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    applicationId: text("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    trigger: text("trigger", { enum: rotationTriggers }).notNull(),
    /** `user:<id>` or `api-key:<id>` or `system`. */
    requestedBy: text("requested_by").notNull(),
    state: text("state", { enum: rotationStates }).notNull().default("pending"),
    /** Display name of the new secret in Entra ID, unique to this rotation, to find it after a crash. */
    newSecretName: text("new_secret_name"),
    newKeyId: text("new_key_id"),
    newSecretExpiresAt: integer("new_secret_expires_at", { mode: "timestamp_ms" }),
    oldKeyIds: text("old_key_ids", { mode: "json" }).$type<string[]>(),
    failureReason: text("failure_reason"),
    /** When the old secrets may go (now + the policy's overlap), and when they went. */
    oldSecretsRemoveAfter: integer("old_secrets_remove_after", { mode: "timestamp_ms" }),
    oldSecretsRemovedAt: integer("old_secrets_removed_at", { mode: "timestamp_ms" }),
    /**
     * Set when a rolled-back rotation found no new secret to remove although addPassword may
     * have run (a timeout, a lost answer, a crash): until then, recovery looks for a secret Graph
     * created late under the rotation's name and removes it.
     */
    lateSecretCheckUntil: integer("late_secret_check_until", { mode: "timestamp_ms" }),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    /**
     * Set when the rotation had to leave a bound service connection untouched (e.g. DevOps
     * Integration off for the tenant): it succeeded with this warning, and that connection still
     * holds the old secret.
     */
    warning: text("warning"),
    idempotencyKey: text("idempotency_key"),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("rotations_application").on(t.applicationId, t.createdAt),
    uniqueIndex("rotations_idempotency").on(t.tenantId, t.idempotencyKey),
    // One rotation at a time per application, enforced by the database across processes.
    uniqueIndex("rotations_one_active")
      .on(t.applicationId)
      .where(sql`state not in ('succeeded', 'failed')`),
  ],
);

/** Timestamped lines a rotation writes as it goes; never a secret. */
export const rotationOutput = sqliteTable(
  "rotation_output",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    rotationId: text("rotation_id").notNull().references(() => rotations.id, { onDelete: "cascade" }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    level: text("level", { enum: ["info", "warn", "error"] }).notNull().default("info"),
    message: text("message").notNull(),
  },
  (t) => [index("rotation_output_rotation").on(t.rotationId, t.id)],
);

/**
 * Every Idempotency-Key a rotation answered, per tenant and caller (`key` is `<requestedBy>:<value>`,
 * so one API key cannot use up another's values): the request that started it and each
 * later one that found it running. (rotations.idempotency_key held only the first; kept for
 * rows written before this table, which migration 0003 copied here.)
 */
export const rotationIdempotencyKeys = sqliteTable(
  "rotation_idempotency_keys",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    rotationId: text("rotation_id").notNull().references(() => rotations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key] }),
    index("rotation_idempotency_keys_rotation").on(t.rotationId),
    // Keys live for IDEMPOTENCY_TTL_MS; expired ones are pruned by age.
    index("rotation_idempotency_keys_created").on(t.createdAt),
  ],
);

/** Scheduler API keys: only a SHA-256 hash and a display prefix are kept. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by"),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedBy: text("revoked_by"),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.hash)],
);

/**
 * Per tenant: whether Rotor's built-in scheduler runs the due run (on by default). Off means the
 * tenant relies on an external scheduler calling POST /api/v1/rotations/due.
 */
export const tenantScheduleSettings = sqliteTable("tenant_schedule_settings", {
  tenantId: text("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
  builtInEnabled: integer("built_in_enabled", { mode: "boolean" }).notNull().default(true),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});

export const dueRunTriggers = ["built_in", "api"] as const;

/**
 * Every due run of a tenant: who or what started it, when, and what it did. A run is claimed by
 * inserting its row (at most one unfinished run per tenant, enforced by the database across
 * processes); `leaseExpiresAt` lets another runner take over from one that died.
 */
export const dueRuns = sqliteTable(
  "due_runs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    trigger: text("trigger", { enum: dueRunTriggers }).notNull(),
    /** `api-key:<id>` or `system` (the built-in scheduler). */
    requestedBy: text("requested_by").notNull(),
    /** The runner (host:pid:instance:run) holding the run while it is unfinished. */
    owner: text("owner").notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    leaseExpiresAt: integer("lease_expires_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    started: integer("started").notNull().default(0),
    succeeded: integer("succeeded").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    alreadyRunning: integer("already_running").notNull().default(0),
    notDue: integer("not_due").notNull().default(0),
    recovered: integer("recovered").notNull().default(0),
    /** Why the run itself stopped (Entra ID unreachable, runner gone); never a secret. */
    error: text("error"),
  },
  (t) => [
    index("due_runs_tenant_started").on(t.tenantId, t.startedAt),
    uniqueIndex("due_runs_one_active").on(t.tenantId).where(sql`finished_at is null`),
  ],
);

export const auditActorTypes = ["user", "api_key", "system"] as const;

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorType: text("actor_type", { enum: auditActorTypes }).notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Position in the tenant's chain, from 1 (see lib/audit/chain.ts). */
    seq: integer("seq"),
    /** The hash of the tenant's entry before this one (64 zeros for the first). */
    prevHash: text("prev_hash"),
    /** SHA-256 over this entry's canonical content and `prevHash`. Null only before the chain was started. */
    hash: text("hash"),
  },
  (t) => [
    index("audit_log_tenant_at").on(t.tenantId, t.at),
    // Two writers that read the same head cannot both append after it: one insert fails.
    uniqueIndex("audit_log_tenant_seq").on(t.tenantId, t.seq),
    // Rows written before the chain existed, found at start-up without reading the whole log.
    index("audit_log_unchained").on(t.tenantId, t.id).where(sql`hash is null`),
  ],
);

/**
 * The newest entry of each tenant's audit chain, written with it in one transaction. It lets
 * `audit verify` notice entries removed from the end, and is the row a PostgreSQL engine would
 * lock (`select … for update`) to serialise a tenant's writers.
 */
export const auditChainHeads = sqliteTable("audit_chain_heads", {
  tenantId: text("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Failed scheduler-API authentications, one row each, in a sliding window per bucket
 * (`address:<client address>` or `prefix:<key prefix>`; never a key). In the database so every
 * instance counts the same failures (lib/api/rate-limit.ts); rows older than the window are pruned.
 */
export const authFailures = sqliteTable(
  "auth_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bucket: text("bucket").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("auth_failures_bucket_at").on(t.bucket, t.at), index("auth_failures_at").on(t.at)],
);

export const tenantRelations = relations(tenants, ({ many, one }) => ({
  users: many(users),
  applications: many(applications),
  devopsSettings: one(tenantDevopsSettings),
}));

export const applicationRelations = relations(applications, ({ one, many }) => ({
  tenant: one(tenants, { fields: [applications.tenantId], references: [tenants.id] }),
  owners: many(applicationOwners),
  rotations: many(rotations),
}));

export type Tenant = typeof tenants.$inferSelect;
export type User = typeof users.$inferSelect;
export type Application = typeof applications.$inferSelect;
export type TenantDevopsSettings = typeof tenantDevopsSettings.$inferSelect;
export type Rotation = typeof rotations.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type DueRunRow = typeof dueRuns.$inferSelect;
export type TenantScheduleSettings = typeof tenantScheduleSettings.$inferSelect;
export type AuditChainHead = typeof auditChainHeads.$inferSelect;
export type Session = typeof sessions.$inferSelect;

export const notificationChannelKinds = ["email", "webhook"] as const;
export const smtpTlsModes = ["starttls", "tls", "none"] as const;
export type SmtpTlsMode = (typeof smtpTlsModes)[number];
export const webhookFormats = ["generic", "teams", "slack"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/**
 * Where a tenant's alerts go (System → Notifications): at most one SMTP server per tenant
 * (`kind` email) and any number of webhooks. `secretSealed` holds the SMTP password or the
 * webhook's signing secret. A channel that keeps failing shows `consecutiveFailures` and its
 * last error (never a secret) on the page.
 */
export const notificationChannels = sqliteTable(
  "notification_channels",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: notificationChannelKinds }).notNull(),
    name: text("name").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    smtpHost: text("smtp_host"),
    smtpPort: integer("smtp_port"),
    smtpTlsMode: text("smtp_tls_mode", { enum: smtpTlsModes }),
    smtpUser: text("smtp_user"),
    mailFrom: text("mail_from"),
    webhookUrl: text("webhook_url"),
    webhookFormat: text("webhook_format", { enum: webhookFormats }),
    secretSealed: text("secret_sealed"),
    /** Loopback and private ranges are refused as targets unless an admin allowed them for this channel. */
    allowPrivateTargets: integer("allow_private_targets", { mode: "boolean" }).notNull().default(false),
    /** Event types a webhook is subscribed to (an e-mail channel serves every event's recipients). */
    events: text("events", { mode: "json" }).$type<string[]>().notNull().default([]),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lastSuccessAt: integer("last_success_at", { mode: "timestamp_ms" }),
    lastFailureAt: integer("last_failure_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("notification_channels_tenant").on(t.tenantId), uniqueIndex("notification_channels_one_email").on(t.tenantId).where(sql`kind = 'email'`)],
);

/** Per tenant: who gets admin alerts by e-mail, the expiry reminder days and the opt-in due-run summary. */
export const tenantNotificationSettings = sqliteTable("tenant_notification_settings", {
  tenantId: text("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
  adminAddresses: text("admin_addresses", { mode: "json" }).$type<string[]>().notNull().default([]),
  reminderDays: text("reminder_days", { mode: "json" }).$type<number[]>().notNull().default([14, 3]),
  dueRunSummary: integer("due_run_summary", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/**
 * Events already fanned out to the outbox (`type` + `sourceId`, e.g. a rotation's id), so a sweep
 * that finds the same failed rotation again adds nothing.
 */
export const notificationEvents = sqliteTable(
  "notification_events",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    sourceId: text("source_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.type, t.sourceId] }), index("notification_events_tenant").on(t.tenantId)],
);

export const outboxStatuses = ["pending", "delivered", "failed"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * One message for one recipient (an address through the tenant's SMTP channel, or a webhook).
 * Unique per channel, recipient and dedup key, so an event is queued once per recipient. The
 * worker claims a row by its lease; `delivered` rows are never sent again.
 */
export const notificationOutbox = sqliteTable(
  "notification_outbox",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    channelId: text("channel_id").notNull().references(() => notificationChannels.id, { onDelete: "cascade" }),
    /** The e-mail address, or `webhook` for a webhook channel. */
    recipient: text("recipient").notNull(),
    eventType: text("event_type").notNull(),
    dedupKey: text("dedup_key").notNull(),
    /** What to say (title, lines, links): never a secret. */
    message: text("message", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("notification_outbox_dedup").on(t.channelId, t.recipient, t.dedupKey),
    index("notification_outbox_due").on(t.status, t.nextAttemptAt),
    index("notification_outbox_tenant_created").on(t.tenantId, t.createdAt),
  ],
);

export type NotificationChannel = typeof notificationChannels.$inferSelect;
export type TenantNotificationSettings = typeof tenantNotificationSettings.$inferSelect;
export type OutboxRow = typeof notificationOutbox.$inferSelect;

/** An organization Rotor scans for consumers: its name and the Entra tenant it was picked from. */
export type WatchedOrganization = { name: string; tenantId: string };

/** The organizations whose service connections Rotor scans for consumers of the tenant's applications (System → Azure DevOps). */
export const watchedOrganizations = sqliteTable("watched_organizations", {
  tenantId: text("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
  organizations: text("organizations", { mode: "json" }).$type<WatchedOrganization[]>().notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/** A service connection that authenticates as an application, as a scan found it (lib/azure/devops/discovery.ts), with its verdict flattened and whether the application's binding names it. */
export type StoredConsumer = Omit<Consumer, "appId" | "verdict"> & { supported: boolean; reason: string | null; bound: boolean };

/** What a scan could not read: a project (`projectId` set) or an organization's project list. */
export type UnreadablePart = { organization: string; projectId: string | null; projectName: string | null; reason: string };

/** The latest consumer scan of each application: one row, written whole, so it is never half-updated. */
export const consumerScans = sqliteTable(
  "consumer_scans",
  {
    applicationId: text("application_id").primaryKey().references(() => applications.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    scannedAt: integer("scanned_at", { mode: "timestamp_ms" }).notNull(),
    /** The organizations scanned. */
    organizations: text("organizations", { mode: "json" }).$type<string[]>().notNull(),
    consumers: text("consumers", { mode: "json" }).$type<StoredConsumer[]>().notNull(),
    unreadable: text("unreadable", { mode: "json" }).$type<UnreadablePart[]>().notNull(),
  },
  (t) => [index("consumer_scans_tenant").on(t.tenantId)],
);

export type ConsumerScan = typeof consumerScans.$inferSelect;

/** A client secret as Rotor shows it: its ids, hint, name and dates — never the secret. */
export type CredentialSnapshotEntry = { keyId: string; hint: string | null; displayName: string | null; startDateTime: string; endDateTime: string };

/**
 * What Entra ID last said about each managed application's client secrets, so the Applications page
 * (and the expiry overview) read the database instead of Graph on every view. Refreshed by sync, by
 * due runs and after each rotation; `takenAt` is its age.
 */
export const credentialSnapshots = sqliteTable(
  "credential_snapshots",
  {
    applicationId: text("application_id")
      .primaryKey()
      .references(() => applications.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** False when Rotor's service principal no longer owned the application (its secrets are then unknown: []). */
    owned: integer("owned", { mode: "boolean" }).notNull(),
    credentials: text("credentials", { mode: "json" }).$type<CredentialSnapshotEntry[]>().notNull(),
    /** When the application runs out of working secrets (its latest expiry); null when it has none. For sorting and the expiry overview. */
    latestExpiry: integer("latest_expiry", { mode: "timestamp_ms" }),
    takenAt: integer("taken_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("credential_snapshots_tenant_expiry").on(t.tenantId, t.latestExpiry)],
);

export type CredentialSnapshot = typeof credentialSnapshots.$inferSelect;

/**
 * What Entra ID last said about the applications Rotor's service principal owns but Rotor does not
 * manage, so the expiry overview lists them without a Graph call per view. Written from the owned-
 * applications answer a sync, due run or Refresh reads anyway; replaced whole per tenant.
 */
export const unmanagedSnapshots = sqliteTable(
  "unmanaged_snapshots",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** Entra ID's application (client) id. */
    appId: text("app_id").notNull(),
    displayName: text("display_name").notNull(),
    credentials: text("credentials", { mode: "json" }).$type<CredentialSnapshotEntry[]>().notNull(),
    latestExpiry: integer("latest_expiry", { mode: "timestamp_ms" }),
    takenAt: integer("taken_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.appId] })],
);

export type UnmanagedSnapshot = typeof unmanagedSnapshots.$inferSelect;
