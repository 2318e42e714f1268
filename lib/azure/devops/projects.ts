import "server-only";
import { isObject, unreadable } from "../answers";
import { readProjects } from "./answers";
import { organizationUrl } from "./client";
import type { DevopsCredential } from "./credential";
import { devopsRequest } from "./rest";

export type Project = { id: string; name: string; description?: string };

/** Projects per page: Azure's default is 100; a larger page keeps most organizations at one call. */
export const PROJECT_PAGE_SIZE = 500;

/**
 * Every well-formed project of an organization: one REST call per page at the pinned api-version (no
 * location look-ups), following the `x-ms-continuationtoken` header — azure-devops-node-api's
 * getProjects never reads it, so its loop stops after the first page.
 */
export async function listProjects(credential: DevopsCredential, organization: string): Promise<Project[]> {
  const projects: Project[] = [];
  const seen = new Set<string>();
  let continuationToken: string | null = null;
  do {
    const query = new URLSearchParams({ stateFilter: "wellFormed", $top: String(PROJECT_PAGE_SIZE) });
    if (continuationToken) query.set("continuationToken", continuationToken);
    const { body, headers } = await devopsRequest<unknown>(credential, `${organizationUrl(organization)}/_apis/projects?${query}`);
    if (body !== null && !isObject(body)) throw unreadable("devops", "the project list is not a list");
    projects.push(...readProjects(body?.value));
    const next = headers.get("x-ms-continuationtoken");
    // A token that does not move on would loop for ever: it ends the list instead.
    continuationToken = next && !seen.has(next) ? next : null;
    if (next) seen.add(next);
  } while (continuationToken);
  return projects.sort((a, b) => a.name.localeCompare(b.name));
}
