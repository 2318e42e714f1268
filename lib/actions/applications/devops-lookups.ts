"use server";

import { safeAction } from "@/lib/actions/safe-action";
import { applicationNames, devopsContext } from "@/lib/applications/devops-context";
import { dialogOrganizations, dialogProjectCheck, dialogProjects } from "@/lib/azure/devops/dialog-lookups";
import type { OrganizationGroup } from "@/lib/azure/devops/organizations";
import { ADMIN_ROLES } from "@/lib/azure/devops/permissions";
import type { Project } from "@/lib/azure/devops/projects";
import type { ServiceConnection } from "@/lib/azure/devops/service-connections";
import { lookupSchemas } from "@/lib/validations/application-settings";

/**
 * The dialog's dependent look-ups, each with the signed-in user's delegated Azure DevOps token
 * and each re-checking that the user may manage the application and the integration is on. The
 * answers are reused for five minutes per person and organization; `refresh` asks Azure again.
 */

export const listDevopsOrganizations = safeAction({
  name: "listDevopsOrganizations",
  schema: lookupSchemas.organizations,
  handler: async ({ applicationId, refresh }, user): Promise<OrganizationGroup[]> => {
    const { includeHomeTenant } = await devopsContext(user, applicationId);
    return dialogOrganizations(user, { includeHomeTenant, refresh });
  },
});

export const listDevopsProjects = safeAction({
  name: "listDevopsProjects",
  schema: lookupSchemas.projects,
  handler: async ({ applicationId, organization, organizationTenantId, refresh }, user): Promise<Project[]> => {
    const { credentialFor } = await devopsContext(user, applicationId);
    credentialFor(organizationTenantId); // refuses an organization tenant the user may not use
    return dialogProjects(user, { organizationTenantId, organization, refresh });
  },
});

export type ProjectCheck =
  | { canAdminister: true; connections: ServiceConnection[] }
  | { canAdminister: false; roles: readonly string[] };

/** The permission check, then — only with the right — the project's service connections with their verdicts. */
export const checkDevopsProject = safeAction({
  name: "checkDevopsProject",
  schema: lookupSchemas.project,
  handler: async ({ applicationId, organization, organizationTenantId, projectId, refresh }, user): Promise<ProjectCheck> => {
    const { db, application, settings, credentialFor } = await devopsContext(user, applicationId);
    credentialFor(organizationTenantId);
    const check = await dialogProjectCheck(user, {
      organizationTenantId,
      organization,
      projectId,
      appId: application.appId,
      registryHosts: settings.dockerRegistryHosts,
      names: await applicationNames(db, user.tenantId),
      refresh,
    });
    return check.canAdminister ? check : { canAdminister: false, roles: ADMIN_ROLES };
  },
});
