import "server-only";
import type { Db } from "@/db";
import { saveApplicationSettings, type BindingChange } from "@/db/queries/application-settings";
import { writeAudit } from "@/db/queries/audit";
import { getDevopsSettings } from "@/db/queries/tenants";
import type { Application } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { auditActor, type PersonActor } from "@/lib/actor";
import { applicationForUser, requireLiveOwner } from "@/lib/applications/access";
import { applicationNames, devopsContext } from "@/lib/applications/devops-context";
import { ADMIN_ROLES, canAdministerServiceConnections } from "@/lib/azure/devops/permissions";
import { listProjects } from "@/lib/azure/devops/projects";
import { getServiceConnection } from "@/lib/azure/devops/service-connections";
import { AppError } from "@/lib/errors";
import type { ApplicationSettingsValues } from "@/lib/validations/application-settings";

const invalid = (field: string, message: string) => new AppError("invalid_input", message, { [field]: [message] });

/**
 * Use case: save an application's secret settings (the dialog). Nothing from the browser is
 * trusted: the user must still own the application in Entra ID (asked live; a tenant admin too,
 * see requireLiveOwner), and a binding is checked
 * again with Azure DevOps — the user still administers the project's connections, the connection
 * exists, is of a supported kind, belongs to this application and (docker) names a registry on
 * the tenant's allow-list.
 */
export async function saveSettings(db: Db, user: PersonActor, { applicationId, policy, devops }: ApplicationSettingsValues): Promise<Application> {
  const application = await applicationForUser(db, user, applicationId);
  await requireLiveOwner(user, application);

  let binding: BindingChange | undefined;
  const settings = await getDevopsSettings(db, { tenantId: user.tenantId });
  const integrationOn = settings?.integrationEnabled ?? false;
  if (integrationOn && !devops.enabled) binding = { devopsEnabled: false };
  if (devops.enabled) {
    const { credentialFor } = await devopsContext(user, applicationId);
    const credential = credentialFor(devops.organizationTenantId);
    if (!(await canAdministerServiceConnections(credential, devops.organization, devops.projectId))) {
      throw invalid("devops.projectId", `You cannot manage service connections in this project. Ask for one of these roles there: ${ADMIN_ROLES.join(", ")}.`);
    }
    const connection = await getServiceConnection(credential, {
      organization: devops.organization,
      project: devops.projectId,
      endpointId: devops.endpointId,
      appId: application.appId,
      registryHosts: settings?.dockerRegistryHosts ?? [],
      names: await applicationNames(db, user.tenantId),
    });
    if (!connection) throw invalid("devops.endpointId", "That service connection no longer exists in the project.");
    if (!connection.supported) throw invalid("devops.endpointId", `That service connection cannot be used: ${connection.reason}`);
    const project = (await listProjects(credential, devops.organization)).find((p) => p.id === devops.projectId);
    binding = {
      devopsEnabled: true,
      devopsOrganization: devops.organization,
      devopsOrganizationTenantId: devops.organizationTenantId,
      devopsProjectId: devops.projectId,
      devopsProjectName: project?.name ?? devops.projectId,
      devopsEndpointId: connection.id,
      devopsEndpointName: connection.name,
      devopsEndpointType: connection.type,
    };
  }

  // Every Azure check is done: the transaction holds database work only.
  return withTransaction(db, async () => {
    const row = await saveApplicationSettings(db, { applicationId, userId: user.id, policy, binding });
    await writeAudit(db, {
      tenantId: user.tenantId,
      actor: auditActor(user),
      action: "application.settings_updated",
      target: { type: "application", id: applicationId },
      detail: { application: application.displayName, changes: describeChanges(application, row) },
    });
    return row;
  });
}

function describeChanges(before: Application, after: Application): string[] {
  const changes: string[] = [];
  if (before.secretLifetimeDays !== after.secretLifetimeDays) changes.push(`secret lifetime ${after.secretLifetimeDays} days`);
  if (before.rotateBeforeDays !== after.rotateBeforeDays) changes.push(`rotate ${after.rotateBeforeDays} days before expiry`);
  if (before.overlapHours !== after.overlapHours) changes.push(`overlap ${after.overlapHours} hours`);
  if (before.scheduleEnabled !== after.scheduleEnabled) changes.push(`schedule ${after.scheduleEnabled ? "on" : "off"}`);
  if (before.devopsEnabled !== after.devopsEnabled) changes.push(`Azure DevOps ${after.devopsEnabled ? "on" : "off"}`);
  if (after.devopsEnabled && before.devopsEndpointId !== after.devopsEndpointId) {
    changes.push(`bound to ${after.devopsOrganization}/${after.devopsProjectName}/${after.devopsEndpointName}`);
  }
  return changes.length ? changes : ["no change"];
}
