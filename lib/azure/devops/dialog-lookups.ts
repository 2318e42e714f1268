import "server-only";
import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { userCredential } from "./credential";
import { LookupCache, personKey } from "./lookup-cache";
import { listOrganizations, type OrganizationGroup } from "./organizations";
import { canAdministerServiceConnections } from "./permissions";
import { listProjects, type Project } from "./projects";
import { judgeConnections, listServiceEndpoints, type ServiceConnection } from "./service-connections";
import type { ApplicationNames } from "./verdict";

/**
 * The binding dialog's Azure DevOps look-ups, asked once per person and organization: within
 * LOOKUP_TTL_MS opening the dialog again — for this application or another — reuses the answers;
 * `refresh` asks Azure again. Keys start with the person, so nobody reads another's answer. Callers
 * check first that the person may use the application and the organization (devopsContext).
 */
const cache = new LookupCache();

type Person = { id: string; tenantId: string; homeTenantId: string };
type Options = { refresh?: boolean };

export function dialogOrganizations(person: Person, { includeHomeTenant, refresh }: { includeHomeTenant: boolean } & Options): Promise<OrganizationGroup[]> {
  return cache.get(personKey(person.id, "organizations", String(includeHomeTenant)), () => listOrganizations(person, { includeHomeTenant }), { refresh });
}

export function dialogProjects(person: Person, { organizationTenantId, organization, refresh }: { organizationTenantId: string; organization: string } & Options): Promise<Project[]> {
  const key = personKey(person.id, organizationTenantId, organization.toLowerCase(), "projects");
  return cache.get(key, () => listProjects(userCredential(person, organizationTenantId), organization), { refresh });
}

type ProjectAnswer = { canAdminister: false } | { canAdminister: true; endpoints: ServiceEndpoint[] };

export type ProjectCheck = { canAdminister: true; connections: ServiceConnection[] } | { canAdminister: false };

/**
 * The permission check, then — only with the right — the project's connections. The connections are
 * kept as Azure describes them and judged for each application when asked, so another application's
 * dialog on the same project needs no call either.
 */
export async function dialogProjectCheck(
  person: Person,
  { organizationTenantId, organization, projectId, appId, registryHosts, names, refresh }: { organizationTenantId: string; organization: string; projectId: string; appId: string; registryHosts: readonly string[]; names: ApplicationNames } & Options,
): Promise<ProjectCheck> {
  const key = personKey(person.id, organizationTenantId, organization.toLowerCase(), "project", projectId.toLowerCase());
  const answer = await cache.get<ProjectAnswer>(
    key,
    async () => {
      const credential = userCredential(person, organizationTenantId);
      if (!(await canAdministerServiceConnections(credential, organization, projectId))) return { canAdminister: false };
      const endpoints = await listServiceEndpoints(credential, { organization, project: projectId });
      return { canAdminister: true, endpoints: endpoints.map(withoutSecrets) };
    },
    { refresh },
  );
  return answer.canAdminister ? { canAdminister: true, connections: judgeConnections(answer.endpoints, { appId, registryHosts, names }) } : { canAdminister: false };
}

/** Parameters that hold or name a credential. Azure sends them as null; if one ever came, it is not kept. */
const SECRET_NAME = /key|password|secret|token|certificate|credential/i;

function withoutSecrets(endpoint: ServiceEndpoint): ServiceEndpoint {
  const parameters = Object.fromEntries(Object.entries(endpoint.authorization?.parameters ?? {}).filter(([name]) => !SECRET_NAME.test(name)));
  return { ...endpoint, authorization: { ...endpoint.authorization, parameters } };
}

/** Drops a person's cached answers (their last session ended). */
export function forgetDialogLookups(personId: string): void {
  cache.forgetPerson(personId);
}

/** For tests and benches: forget every cached answer. */
export function clearDialogLookups(): void {
  cache.clear();
}
