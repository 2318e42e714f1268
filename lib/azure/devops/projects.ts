import "server-only";
import type { DevopsCredential } from "./credential";
import { coreApi, devopsCall } from "./client";

export type Project = { id: string; name: string; description?: string };

/** Every well-formed project of an organization, following continuation tokens. */
export async function listProjects(credential: DevopsCredential, organization: string): Promise<Project[]> {
  const api = await coreApi(credential, organization);
  const projects: Project[] = [];
  let continuationToken: number | undefined;
  do {
    const page = await devopsCall(() => api.getProjects("wellFormed", 500, undefined, continuationToken));
    for (const p of page ?? []) if (p.id && p.name) projects.push({ id: p.id, name: p.name, description: p.description });
    continuationToken = Number(page?.continuationToken) || undefined;
  } while (continuationToken);
  return projects.sort((a, b) => a.name.localeCompare(b.name));
}
