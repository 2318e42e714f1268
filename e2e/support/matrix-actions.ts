import { TENANTS } from "../../emulator/seed";
import { DEVOPS_PROJECTS } from "../../emulator/seed-devops";
import { EMULATOR_HTTP, E2E_SMTP_PORT } from "../stack-config";
import { query } from "./db";
import type { Identity } from "./identities";
import { only, type ActionRow, type MatrixContext } from "./matrix";

/**
 * The server actions' rows of the isolation matrix (sign-in and sign-out have their own test).
 * Rows run in this order: the key created by createApiKey is the one revokeApiKey revokes, the
 * scratch application addApplication adds is the one removeApplication removes.
 */
const payments = DEVOPS_PROJECTS.find((p) => p.name === "payments")!;
const tenantOf = (identity: Identity) => (identity === "otherTenantAdmin" ? TENANTS.northwind.id : TENANTS.contoso.id);
/** Reading an application: its owners and every admin of its tenant. */
const OWNER_OR_ADMIN = only(["owner", "admin", "nonOwnerAdmin"]);
/** Binding, policy, rotating into the bound connection: owners in Entra ID only — Adele co-owns the target, Ivan does not. */
const OWNERS_ONLY = only(["owner", "admin"]);
const ADMIN_IN_EACH_TENANT = only(["admin", "nonOwnerAdmin"], { otherTenantAdmin: "own-tenant" });
const scratchOf = (ctx: MatrixContext, identity: Identity) => ctx.scratch[identity === "nonOwnerAdmin" ? "nonOwnerAdmin" : "admin"];

type SettingsRow = { integration_enabled: number; use_service_principal: number; include_home_tenant_orgs: number };
/** The tenant's Azure DevOps settings as they are, so an allowed save changes nothing. */
function currentSettings(tenantId: string) {
  const row = query<SettingsRow>("select * from tenant_devops_settings where tenant_id = ?", tenantId)[0]!;
  return { integrationEnabled: !!row.integration_enabled, useServicePrincipal: !!row.use_service_principal, includeHomeTenantOrgs: !!row.include_home_tenant_orgs, pat: "", removePat: false };
}

type AppRow = Record<string, string | number | null>;
/** The target's secret settings as they are (policy and binding), so an allowed save keeps them. */
function currentApplicationSettings(ctx: MatrixContext) {
  const app = query<AppRow>("select * from applications where id = ?", ctx.target.id)[0]!;
  const integration = currentSettings(TENANTS.contoso.id).integrationEnabled;
  const policy = { secretLifetimeDays: app.secret_lifetime_days, rotateBeforeDays: app.rotate_before_days, overlapHours: app.overlap_hours, scheduleEnabled: !!app.schedule_enabled };
  const devops =
    integration && app.devops_enabled
      ? { enabled: true, organization: app.devops_organization, organizationTenantId: app.devops_organization_tenant_id, projectId: app.devops_project_id, endpointId: app.devops_endpoint_id }
      : { enabled: false };
  return { applicationId: ctx.target.id, policy, devops };
}

const lookup = (ctx: MatrixContext) => ({ applicationId: ctx.target.id, organization: "contoso-platform", organizationTenantId: TENANTS.contoso.id });

export const ACTION_ROWS: ActionRow[] = [
  {
    action: "lib/actions/api-keys/create-api-key.ts#createApiKey",
    expect: ADMIN_IN_EACH_TENANT,
    args: () => [{ name: `isolation matrix ${Date.now().toString(36)}` }],
    onAllowed: (ctx, data, identity) => ctx.createdKeys.push({ tenant: identity === "otherTenantAdmin" ? "northwind" : "contoso", id: (data as { id: string }).id, by: identity }),
  },
  {
    action: "lib/actions/api-keys/revoke-api-key.ts#revokeApiKey",
    expect: only(["admin", "nonOwnerAdmin"]),
    // Each admin revokes the key they created; everyone else tries the first Contoso one.
    args: (ctx, identity) => [
      { id: ctx.createdKeys.find((k) => k.tenant === "contoso" && (k.by === identity || !["admin", "nonOwnerAdmin"].includes(identity)))?.id ?? "missing: createApiKey as admin failed" },
    ],
  },
  {
    action: "lib/actions/applications/add-application.ts#addApplication",
    expect: only(["admin", "nonOwnerAdmin"]),
    args: (ctx, identity) => [{ appId: scratchOf(ctx, identity).appId }],
    onAllowed: (ctx, data, identity) => void (scratchOf(ctx, identity).id = (data as { id: string }).id),
  },
  {
    action: "lib/actions/applications/remove-application.ts#removeApplication",
    expect: only(["admin", "nonOwnerAdmin"]),
    args: (ctx, identity) => [{ applicationId: scratchOf(ctx, identity).id ?? "missing: addApplication as admin failed" }],
  },
  { action: "lib/actions/applications/sync-applications.ts#syncApplications", expect: ADMIN_IN_EACH_TENANT, args: () => [{}] },
  // Every signed-in person refreshes their own tenant's credential snapshot (each still sees only their rows).
  {
    action: "lib/actions/applications/credential-snapshot.ts#refreshCredentials",
    expect: only(["otherOwner", "owner", "guest", "admin", "nonOwnerAdmin"], { otherTenantAdmin: "own-tenant" }),
    args: () => [{}],
  },
  { action: "lib/actions/applications/credential-snapshot.ts#listAddable", expect: ADMIN_IN_EACH_TENANT, args: () => [{}] },
  { action: "lib/actions/applications/devops-lookups.ts#listDevopsOrganizations", expect: OWNERS_ONLY, args: (ctx) => [{ applicationId: ctx.target.id }] },
  { action: "lib/actions/applications/devops-lookups.ts#listDevopsProjects", expect: OWNERS_ONLY, args: (ctx) => [lookup(ctx)] },
  { action: "lib/actions/applications/devops-lookups.ts#checkDevopsProject", expect: OWNERS_ONLY, args: (ctx) => [{ ...lookup(ctx), projectId: payments.id }] },
  {
    action: "lib/actions/applications/save-application-settings.ts#saveApplicationSettingsAction",
    expect: OWNERS_ONLY,
    args: (ctx) => [currentApplicationSettings(ctx)],
  },
  {
    // The target is bound to its docker registry connection (matrix-setup): only its owners rotate it.
    action: "lib/actions/rotations/rotate-now.ts#rotateNow",
    expect: OWNERS_ONLY,
    args: (ctx) => [{ applicationId: ctx.target.id }],
    onAllowed: (ctx, data) => void (ctx.rotationId = (data as { rotationId: string }).rotationId),
    background: true,
  },
  {
    action: "lib/actions/rotations/rotation-progress.ts#getRotationProgress",
    expect: OWNER_OR_ADMIN,
    args: (ctx) => [{ rotationId: ctx.rotationId ?? "missing: rotateNow failed" }],
  },
  { action: "lib/actions/rotations/rotation-progress.ts#listRotationHistory", expect: OWNER_OR_ADMIN, args: (ctx) => [{ applicationId: ctx.target.id }] },
  {
    action: "lib/actions/settings/save-devops-settings.ts#saveDevopsSettings",
    expect: ADMIN_IN_EACH_TENANT,
    args: (_ctx, identity) => [currentSettings(tenantOf(identity))],
  },
  { action: "lib/actions/settings/test-devops-connection.ts#testDevopsConnection", expect: ADMIN_IN_EACH_TENANT, args: () => [{}] },
  {
    action: "lib/actions/notifications/save-alert-settings.ts#saveAlertSettings",
    expect: ADMIN_IN_EACH_TENANT,
    // As they are, so an allowed save changes nothing.
    args: (_ctx, identity) => [alertSettings(tenantOf(identity))],
  },
  {
    // To the emulator's SMTP sink, in the caller's own tenant (sendTest below sends through Contoso's).
    action: "lib/actions/notifications/save-smtp-channel.ts#saveSmtpChannel",
    expect: ADMIN_IN_EACH_TENANT,
    args: (_ctx, identity) => [{ host: "localhost", port: E2E_SMTP_PORT, tlsMode: "starttls", user: "", from: `rotor@${identity === "otherTenantAdmin" ? "northwind" : "contoso"}.example`, enabled: true, allowPrivateTargets: true }],
  },
  {
    action: "lib/actions/notifications/add-webhook.ts#addWebhook",
    expect: ADMIN_IN_EACH_TENANT,
    args: () => [{ name: `isolation matrix ${Date.now().toString(36)}`, url: `${EMULATOR_HTTP}/_emulator/webhooks/in/matrix`, format: "generic", events: ["rotation.failed"], allowPrivateTargets: true }],
    onAllowed: (ctx, data, identity) => ctx.createdChannels.push({ tenant: identity === "otherTenantAdmin" ? "northwind" : "contoso", id: (data as { id: string }).id, by: identity }),
  },
  {
    action: "lib/actions/notifications/send-test.ts#sendTest",
    expect: only(["admin", "nonOwnerAdmin"]),
    args: (ctx) => [{ id: ctx.createdChannels.find((c) => c.tenant === "contoso")?.id ?? "missing: addWebhook as admin failed" }],
  },
  {
    action: "lib/actions/notifications/remove-channel.ts#removeChannel",
    expect: only(["admin", "nonOwnerAdmin"]),
    // Each Contoso admin removes the webhook they added; everyone else tries the first Contoso one.
    args: (ctx, identity) => [
      { id: ctx.createdChannels.find((c) => c.tenant === "contoso" && (c.by === identity || !["admin", "nonOwnerAdmin"].includes(identity)))?.id ?? "missing: addWebhook as admin failed" },
    ],
  },
  {
    action: "lib/actions/settings/save-schedule-settings.ts#saveScheduleSettings",
    expect: ADMIN_IN_EACH_TENANT,
    // As it is, so an allowed call changes nothing.
    args: (_ctx, identity) => [{ builtInEnabled: builtInScheduler(tenantOf(identity)) }],
  },
];

/** The tenant's alert settings as stored (the defaults when it has no row). */
function alertSettings(tenantId: string) {
  const row = query<{ admin_addresses: string; reminder_days: string; due_run_summary: number }>("select * from tenant_notification_settings where tenant_id = ?", tenantId)[0];
  return row
    ? { adminAddresses: JSON.parse(row.admin_addresses) as string[], reminderDays: JSON.parse(row.reminder_days) as number[], dueRunSummary: !!row.due_run_summary }
    : { adminAddresses: [], reminderDays: [14, 3], dueRunSummary: false };
}

/** The tenant's built-in scheduler setting (on when the tenant has no row). */
function builtInScheduler(tenantId: string): boolean {
  const row = query<{ built_in_enabled: number }>("select built_in_enabled from tenant_schedule_settings where tenant_id = ?", tenantId)[0];
  return row ? !!row.built_in_enabled : true;
}

/**
 * Sign-in, sign-out and the actions that end sessions: they end sessions the other rows run on,
 * so each has its own test (isolation-matrix-sessions), on sessions made for it.
 */
export const SESSION_ACTIONS = [
  "lib/actions/auth/sign-in.ts#signInAction",
  "lib/actions/auth/sign-out.ts#signOutAction",
  "lib/actions/sessions/end-session.ts#endSession",
  "lib/actions/sessions/sign-out-everywhere.ts#signOutEverywhere",
  "lib/actions/sessions/end-person-sessions.ts#endPersonSessions",
] as const;
