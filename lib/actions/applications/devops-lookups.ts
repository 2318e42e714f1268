"use server";

import { safeAction } from "@/lib/actions/safe-action";
import { applicationNames, devopsContext } from "@/lib/applications/devops-context";
import { listOrganizations, type OrganizationGroup } from "@/lib/azure/devops/organizations";
import { ADMIN_ROLES, canAdministerServiceConnections } from "@/lib/azure/devops/permissions";
import { listProjects, type Project } from "@/lib/azure/devops/projects";
import { listServiceConnections, type ServiceConnection } from "@/lib/azure/devops/service-connections";
import { lookupSchemas } from "@/lib/validations/application-settings";

/**
 * The dialog's dependent look-ups, each with the signed-in user's delegated Azure DevOps token
 * and each re-checking that the user may manage the application and the integration is on.
 */

export const listDevopsOrganizations = safeAction({
  name: "listDevopsOrganizations",
  schema: lookupSchemas.organizations,
  handler: async ({ applicationId }, user): Promise<OrganizationGroup[]> => {
    const { includeHomeTenant } = await devopsContext(user, applicationId);
    return listOrganizations(user, { includeHomeTenant });
  },
});

export const listDevopsProjects = safeAction({
  name: "listDevopsProjects",
  schema: lookupSchemas.projects,
  handler: async ({ applicationId, organization, organizationTenantId }, user): Promise<Project[]> => {
    const { credentialFor } = await devopsContext(user, applicationId);
    return listProjects(credentialFor(organizationTenantId), organization);
  },
});

export type ProjectCheck =
  | { canAdminister: true; connections: ServiceConnection[] }
  | { canAdminister: false; roles: readonly string[] };

/** The permission check, then — only with the right — the project's service connections with their verdicts. */
export const checkDevopsProject = safeAction({
  name: "checkDevopsProject",
  schema: lookupSchemas.project,
  handler: async ({ applicationId, organization, organizationTenantId, projectId }, user): Promise<ProjectCheck> => {
    const { db, application, settings, credentialFor } = await devopsContext(user, applicationId);
    const credential = credentialFor(organizationTenantId);
    if (!(await canAdministerServiceConnections(credential, organization, projectId))) return { canAdminister: false, roles: ADMIN_ROLES };
    const connections = await listServiceConnections(credential, {
      organization,
      project: projectId,
      appId: application.appId,
      registryHosts: settings.dockerRegistryHosts,
      names: await applicationNames(db, user.tenantId),
    });
    return { canAdminister: true, connections };
  },
});
