import "server-only";
import type { DevopsCredential } from "./credential";
import { readProjects } from "./answers";
import { coreApi, devopsCall } from "./client";

export type Project = { id: string; name: string; description?: string };

/** Every well-formed project of an organization, following continuation tokens. */
export async function listProjects(credential: DevopsCredential, organization: string): Promise<Project[]> {
  const api = await coreApi(credential, organization);
  const projects: Project[] = [];
  let continuationToken: number | undefined;
  do {
    const page = await devopsCall(() => api.getProjects("wellFormed", 500, undefined, continuationToken));
    projects.push(...readProjects(page));
    continuationToken = Number(page?.continuationToken) || undefined;
  } while (continuationToken);
  return projects.sort((a, b) => a.name.localeCompare(b.name));
}
