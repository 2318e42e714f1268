import "server-only";
import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import type { IServiceEndpointApi } from "azure-devops-node-api/ServiceEndpointApi";
import { createLimiter } from "@/lib/concurrency";
import { readEndpoints } from "./answers";
import { devopsCall, serviceEndpointApi } from "./client";
import type { DevopsCredential } from "./credential";
import { projectPages, type Project } from "./projects";
import { keyIdInStamp } from "./service-connections";
import { authenticatesAs, holdsSecret, verdictFor, type ApplicationNames, type Verdict } from "./verdict";

/** Endpoint lists in flight at once, over all organizations of one scan: enough to hide latency, far below Azure DevOps' throttling. */
export const DISCOVERY_CONCURRENCY = 8;

/** A service connection that authenticates as one of the scanned applications, bound or not, supported or not. */
export type Consumer = {
  organization: string;
  /** Every project it was found in (one connection can be shared into several). */
  projects: { id: string; name: string }[];
  endpointId: string;
  name: string;
  type: string;
  scheme: string;
  isReady: boolean;
  /** The application (client) id it signs in as, lower case. */
  appId: string;
  /** It stores a client secret of that application (a federated or automatic one does not). */
  holdsSecret: boolean;
  /** Whether Rotor can keep its secret fresh, and why not. */
  verdict: Verdict;
  /** The key id of Rotor's stamp in its description: the secret Rotor last wrote into it. */
  stampedKeyId: string | null;
};

export type UnreadableProject = { organization: string; projectId: string; projectName: string; reason: string };

export type OrganizationScan = {
  organization: string;
  /** Projects listed (all of them when `complete`). */
  projects: number;
  /** Every page of projects was read; otherwise `error` says why the list stopped. */
  complete: boolean;
  error: string | null;
  consumers: Consumer[];
  /** Projects whose connections could not be read: never silently skipped. */
  unreadable: UnreadableProject[];
};

export type DiscoveryInput = {
  organizations: readonly string[];
  /** The applications to find consumers of (the tenant's managed applications). */
  appIds: readonly string[];
  /** The tenant's docker registry allow-list, for the verdicts. */
  registryHosts?: readonly string[];
  names?: ApplicationNames;
  concurrency?: number;
  /** Projects per page (Azure's default is 100; Rotor asks for PROJECT_PAGE_SIZE). */
  projectPageSize?: number;
};

const reasonOf = (error: unknown) => (error instanceof Error && error.message ? error.message : "Azure DevOps could not be read.");

/**
 * Finds every service connection that authenticates as one of `appIds` in every project of each
 * organization, with the tenant credential: azurerm whose `serviceprincipalid`, or dockerregistry
 * whose username, is the application's id — whatever its scheme. Project pages are followed to the
 * end; each page's projects are listed (one endpoints call per project, failed connections too)
 * while the next page is fetched, at most `concurrency` calls at once over all organizations.
 * Retries are the client's; a project still unreadable after them is reported in `unreadable`.
 */
export async function discoverConsumers(credential: DevopsCredential, input: DiscoveryInput): Promise<OrganizationScan[]> {
  const limit = createLimiter(input.concurrency ?? DISCOVERY_CONCURRENCY);
  const wanted = new Set(input.appIds.map((id) => id.toLowerCase()));
  return Promise.all(input.organizations.map((organization) => scanOrganization(credential, organization, { ...input, wanted, limit })));
}

async function scanOrganization(
  credential: DevopsCredential,
  organization: string,
  options: DiscoveryInput & { wanted: ReadonlySet<string>; limit: ReturnType<typeof createLimiter> },
): Promise<OrganizationScan> {
  const found = new Map<string, Consumer>();
  const unreadable: UnreadableProject[] = [];
  const scans: Promise<void>[] = [];
  let projects = 0;
  let error: string | null = null;
  // One client for the whole organization: its token is read once, not once per project (a failure is not kept).
  let api: Promise<IServiceEndpointApi> | undefined;
  const client = () =>
    (api ??= serviceEndpointApi(credential, organization).catch((failure: unknown) => {
      api = undefined;
      throw failure;
    }));

  const scanProject = async (project: Project) => {
    try {
      const endpoints = await options.limit(async () => endpointsOf(await client(), project.id));
      for (const endpoint of endpoints) {
        const appId = authenticatesAs(endpoint)?.toLowerCase();
        if (!appId || !options.wanted.has(appId)) continue;
        const known = found.get(endpoint.id!);
        if (known) known.projects.push({ id: project.id, name: project.name });
        else found.set(endpoint.id!, consumerOf(endpoint, organization, project, appId, options));
      }
    } catch (failure) {
      unreadable.push({ organization, projectId: project.id, projectName: project.name, reason: reasonOf(failure) });
    }
  };

  try {
    for await (const page of projectPages(credential, organization, options.projectPageSize)) {
      projects += page.length;
      scans.push(...page.map(scanProject));
    }
  } catch (failure) {
    error = reasonOf(failure);
  }
  await Promise.all(scans);
  for (const consumer of found.values()) consumer.projects.sort((a, b) => a.name.localeCompare(b.name));
  const byName = (a: { projects: { name: string }[]; name: string }, b: typeof a) => a.projects[0]!.name.localeCompare(b.projects[0]!.name) || a.name.localeCompare(b.name);
  return {
    organization,
    projects,
    complete: error === null,
    error,
    consumers: [...found.values()].sort(byName),
    unreadable: unreadable.sort((a, b) => a.projectName.localeCompare(b.projectName)),
  };
}

async function endpointsOf(api: IServiceEndpointApi, projectId: string): Promise<ServiceEndpoint[]> {
  // includeFailed: a connection Azure could not finish setting up still holds the secret it was given.
  return readEndpoints(await devopsCall(() => api.getServiceEndpoints(projectId, undefined, undefined, undefined, undefined, true)));
}

function consumerOf(endpoint: ServiceEndpoint, organization: string, project: Project, appId: string, options: DiscoveryInput): Consumer {
  return {
    organization,
    projects: [{ id: project.id, name: project.name }],
    endpointId: endpoint.id!,
    name: endpoint.name ?? "",
    type: endpoint.type ?? "",
    scheme: endpoint.authorization?.scheme ?? "",
    isReady: endpoint.isReady ?? false,
    appId,
    holdsSecret: holdsSecret(endpoint),
    verdict: verdictFor(endpoint, appId, options.registryHosts ?? [], options.names),
    stampedKeyId: keyIdInStamp([endpoint.description]),
  };
}
