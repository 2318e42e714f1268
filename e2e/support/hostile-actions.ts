import { TENANTS } from "../../emulator/seed";
import { DEVOPS_PROJECTS } from "../../emulator/seed-devops";
import { query } from "./db";
import type { HostileContext } from "./hostile-setup";

/**
 * The well-formed argument each server action is attacked from. Ids that would make a valid call
 * destructive (remove, revoke, rotate, save) name nothing, so whatever the schema lets through is
 * refused by the handler; read-only look-ups name the real application, to reach deeper.
 */
const NOWHERE = "f0e1d2c3-b4a5-4697-8899-aabbccddeeff";
const payments = DEVOPS_PROJECTS.find((p) => p.name === "payments")!;

function devopsSettings() {
  const row = query<Record<string, number>>("select * from tenant_devops_settings where tenant_id = ?", TENANTS.contoso.id)[0]!;
  return { integrationEnabled: !!row.integration_enabled, useServicePrincipal: !!row.use_service_principal, includeHomeTenantOrgs: !!row.include_home_tenant_orgs, pat: "", removePat: false };
}

export const HOSTILE_BASES: Record<string, (ctx: HostileContext) => Record<string, unknown>> = {
  createApiKey: () => ({ name: "" }),
  revokeApiKey: () => ({ id: NOWHERE }),
  addApplication: () => ({ appId: NOWHERE }),
  removeApplication: () => ({ applicationId: NOWHERE }),
  syncApplications: () => ({}),
  refreshCredentials: () => ({}),
  listAddable: () => ({}),
  listDevopsOrganizations: (ctx) => ({ applicationId: ctx.targetId }),
  listDevopsProjects: (ctx) => ({ applicationId: ctx.targetId, organization: "contoso-platform", organizationTenantId: TENANTS.contoso.id }),
  checkDevopsProject: (ctx) => ({ applicationId: ctx.targetId, organization: "contoso-platform", organizationTenantId: TENANTS.contoso.id, projectId: payments.id }),
  saveApplicationSettingsAction: () => ({
    applicationId: NOWHERE,
    policy: { secretLifetimeDays: 180, rotateBeforeDays: 30, overlapHours: 24, scheduleEnabled: true },
    devops: { enabled: true, organization: "contoso-platform", organizationTenantId: TENANTS.contoso.id, projectId: payments.id, endpointId: NOWHERE },
  }),
  rotateNow: () => ({ applicationId: NOWHERE }),
  getRotationProgress: () => ({ rotationId: NOWHERE, afterId: 0 }),
  listRotationHistory: (ctx) => ({ applicationId: ctx.targetId }),
  saveDevopsSettings: devopsSettings,
  testDevopsConnection: () => ({}),
  // As it is (on unless a row says otherwise): a variant the schema accepts changes nothing but that switch.
  saveScheduleSettings: () => ({ builtInEnabled: (query<{ enabled: number }>("select built_in_enabled as enabled from tenant_schedule_settings where tenant_id = ?", TENANTS.contoso.id)[0]?.enabled ?? 1) !== 0 }),
  // Refused however a field is replaced: a sender that is no address, a private target not allowed, ids that name nothing.
  saveSmtpChannel: () => ({ host: "smtp.example.com", port: 587, tlsMode: "starttls", user: "", from: "not an address", enabled: true, allowPrivateTargets: false }),
  addWebhook: () => ({ name: "hostile", url: "https://10.0.0.1/hook", format: "generic", events: ["rotation.failed"], allowPrivateTargets: false }),
  sendTest: () => ({ id: NOWHERE }),
  removeChannel: () => ({ id: NOWHERE }),
  saveAlertSettings: () => ({ adminAddresses: ["not an address"], reminderDays: [14, 3], dueRunSummary: false }),
  endSession: () => ({ sessionId: NOWHERE }),
  endPersonSessions: () => ({ userId: NOWHERE }),
};

/** The session actions that redirect instead of answering are attacked on their own. */
export const SESSION_ACTION_NAMES = ["signInAction", "signOutAction", "signOutEverywhere"];
