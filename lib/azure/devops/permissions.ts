import "server-only";
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
  const url = `${organizationUrl(organization)}/_apis/permissions/${SERVICE_ENDPOINTS_NAMESPACE}/${ADMINISTER}?tokens=${encodeURIComponent(`endpoints/${projectId}`)}`;
  const result = await devopsGet<{ count: number; value: boolean[] }>(credential, url);
  return result.value?.[0] === true;
}
