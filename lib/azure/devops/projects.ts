import "server-only";
import { isObject, unreadable } from "../answers";
import { readProjects } from "./answers";
import { organizationUrl } from "./client";
import type { DevopsCredential } from "./credential";
import { devopsRequest } from "./rest";

export type Project = { id: string; name: string; description?: string };

/** Projects per page: Azure's default is 100; a larger page keeps most organizations at one call. */
export const PROJECT_PAGE_SIZE = 500;

/** More pages than any organization holds: a token that never ends is Azure's fault, not a loop. */
const MAX_PAGES = 1_000;

/**
 * An organization's well-formed projects, one page (PROJECT_PAGE_SIZE) at a time, by REST at the
 * pinned api-version (no location look-ups). The next
 * page's token comes only in the `x-ms-continuationtoken` header, which azure-devops-node-api's
 * `getProjects` never reads, so this asks with fetch and follows it itself.
 */
export async function* projectPages(credential: DevopsCredential, organization: string, pageSize = PROJECT_PAGE_SIZE): AsyncGenerator<Project[]> {
  const seen = new Set<string>();
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = `stateFilter=wellFormed&$top=${pageSize}${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`;
    const answer: { body: unknown; headers: Headers } = await devopsRequest<unknown>(credential, `${organizationUrl(organization)}/_apis/projects?${query}`);
    const { body, headers } = answer;
    if (body !== null && !isObject(body)) throw unreadable("devops", "the project list is not an object");
    yield readProjects(body?.value);
    token = headers.get("x-ms-continuationtoken");
    if (!token) return;
    if (seen.has(token)) throw unreadable("devops", "the project list's continuation token repeats");
    seen.add(token);
  }
  throw unreadable("devops", `the project list did not end after ${MAX_PAGES} pages`);
}

/** Every well-formed project of an organization, all pages, by name. */
export async function listProjects(credential: DevopsCredential, organization: string): Promise<Project[]> {
  const projects: Project[] = [];
  for await (const page of projectPages(credential, organization)) projects.push(...page);
  return projects.sort((a, b) => a.name.localeCompare(b.name));
}
