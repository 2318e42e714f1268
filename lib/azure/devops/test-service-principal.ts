import "server-only";
import { env } from "@/lib/env";
import { appToken } from "../app-token";
import { AzureError } from "../errors";
import { servicePrincipalCredential } from "./credential";
import { listOrganizations } from "./organizations";
import { administerableProjects } from "./permissions";
import { listProjects } from "./projects";

export type OrganizationCheck = {
  organization: string;
  status: "ok" | "partial" | "not_member" | "no_rights" | "error";
  detail: string;
};

export type ServicePrincipalCheck = { token: { ok: boolean; detail: string }; organizations: OrganizationCheck[] };

/**
 * "Test connection" in service-principal mode: can Rotor's service principal get an Azure DevOps
 * token in this tenant, and, in each organization the admin can see, is it a member that may
 * update service connections (project by project, one permission call per organization)?
 */
export async function testServicePrincipal(admin: { id: string; tenantId: string; homeTenantId: string }): Promise<ServicePrincipalCheck> {
  try {
    await appToken(admin.tenantId, "devops");
  } catch (error) {
    return { token: { ok: false, detail: (error as Error).message }, organizations: [] };
  }
  const [own] = await listOrganizations(admin, { includeHomeTenant: false });
  const credential = servicePrincipalCredential(admin.tenantId);
  const organizations = await Promise.all(
    (own?.organizations ?? []).map(async ({ name }): Promise<OrganizationCheck> => {
      try {
        const projects = await listProjects(credential, name);
        const allowed = await administerableProjects(credential, name, projects.map((p) => p.id));
        const can = projects.filter((_, i) => allowed[i]).map((p) => p.name);
        const cannot = projects.filter((_, i) => !allowed[i]).map((p) => p.name);
        if (can.length === 0) return { organization: name, status: "no_rights", detail: `A member, but not an Endpoint Administrator in any project. Add it to Endpoint Administrators where its connections live.` };
        if (cannot.length === 0) return { organization: name, status: "ok", detail: `Can update service connections in every project (${can.join(", ")}).` };
        return { organization: name, status: "partial", detail: `Can update service connections in ${can.join(", ")}; not in ${cannot.join(", ")}.` };
      } catch (error) {
        if (error instanceof AzureError && error.status === 401) {
          return { organization: name, status: "not_member", detail: `Not a member. Add the service principal (application id ${env().clientId}) to ${name} as a user.` };
        }
        if (error instanceof AzureError) return { organization: name, status: "error", detail: error.message };
        throw error;
      }
    }),
  );
  return { token: { ok: true, detail: "Rotor's service principal signs in to Azure DevOps in this tenant." }, organizations };
}
