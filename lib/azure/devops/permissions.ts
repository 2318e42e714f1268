import "server-only";
import { permissionsAnswer, readAnswer } from "./answers";
import { organizationUrl } from "./client";
import type { DevopsCredential } from "./credential";
import { devopsGet } from "./rest";

/** Azure DevOps' ServiceEndpoints security namespace and its Administer bit. */
export const SERVICE_ENDPOINTS_NAMESPACE = "49b48001-ca20-4adc-8111-5b60c903a50c";
export const ADMINISTER = 2;

/** The roles that grant Administer on a project's service connections, to name in a warning. */
export const ADMIN_ROLES = ["Endpoint Administrator", "Project Administrator", "Project Collection Administrator"] as const;

/**
 * Whether the caller may administer the project's service connections. One call: the
 * permission is evaluated on `endpoints/{projectId}`, which Endpoint Administrators, Project
 * Administrators and Project Collection Administrators all hold.
 */
export async function canAdministerServiceConnections(credential: DevopsCredential, organization: string, projectId: string): Promise<boolean> {
  return (await administerableProjects(credential, organization, [projectId]))[0] === true;
}

/** The same check for many projects in one call (one token per project, comma-delimited). */
export async function administerableProjects(credential: DevopsCredential, organization: string, projectIds: string[]): Promise<boolean[]> {
  if (projectIds.length === 0) return [];
  const tokens = projectIds.map((id) => `endpoints/${id}`).join(",");
  const url = `${organizationUrl(organization)}/_apis/permissions/${SERVICE_ENDPOINTS_NAMESPACE}/${ADMINISTER}?tokens=${encodeURIComponent(tokens)}&delimiter=${encodeURIComponent(",")}`;
  // A short or garbled answer must not read as "no right": it is an error.
  return readAnswer("devops", "the permission check", permissionsAnswer(projectIds.length), await devopsGet<unknown>(credential, url)).value;
}
