import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { z } from "zod";
import { isObject, optionalText, readAnswer, unreadable } from "../answers";

/** The shapes Rotor reads from Azure DevOps; see ../answers.ts for what happens to anything else. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Letters, digits and hyphens, as Azure DevOps allows: the name goes into every URL Rotor builds. */
const organizationName = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/, "is not an Azure DevOps organization name");

export const profileAnswer = z.object({ id: z.string().min(1), displayName: optionalText, emailAddress: optionalText });

export const accountsAnswer = z.object({
  value: z.array(z.object({ accountId: z.string().min(1), accountName: organizationName, accountUri: optionalText })),
});

/** One yes/no per token asked about, in order. */
export const permissionsAnswer = (count: number) => z.object({ value: z.array(z.boolean()).length(count) });

export type ProjectItem = { id: string; name: string; description?: string };

/** A page of projects: a list (or nothing); entries that are not a project with a GUID id and a name are left out. */
export function readProjects(page: unknown): ProjectItem[] {
  if (page === null || page === undefined) return [];
  if (!Array.isArray(page)) throw unreadable("devops", "the project list is not a list");
  return page.flatMap((p) =>
    isObject(p) && typeof p.id === "string" && GUID.test(p.id) && typeof p.name === "string" && p.name
      ? [{ id: p.id, name: p.name, description: typeof p.description === "string" ? p.description : undefined }]
      : [],
  );
}

/** A list of service connections: a list (or nothing); entries without a text id and name are left out. */
export function readEndpoints(list: unknown): ServiceEndpoint[] {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw unreadable("devops", "the service connection list is not a list");
  return list.flatMap((e) => (isObject(e) && typeof e.id === "string" && e.id && typeof e.name === "string" && e.name ? [normalized(e)] : []));
}

/** One service connection, or null when Azure DevOps has none (an empty answer or one without an id). */
export function readEndpoint(answer: unknown): ServiceEndpoint | null {
  if (answer === null || answer === undefined || answer === "") return null;
  if (!isObject(answer)) throw unreadable("devops", "the service connection is not an object");
  if (answer.id === undefined || answer.id === null || answer.id === "") return null;
  if (typeof answer.id !== "string") throw unreadable("devops", "the service connection's id is not text");
  return normalized(answer);
}

/**
 * A copy safe to judge (see verdict.ts): text fields are text or absent, parameters and data hold
 * text only. A value of another type becomes "(not text)", so it never matches what a supported
 * connection needs; the original answer is what a PUT sends back.
 */
function normalized(e: Record<string, unknown>): ServiceEndpoint {
  const auth = isObject(e.authorization) ? e.authorization : {};
  return {
    id: e.id as string,
    name: typeof e.name === "string" ? e.name : "",
    type: text(e.type),
    description: text(e.description),
    isReady: typeof e.isReady === "boolean" ? e.isReady : undefined,
    authorization: { scheme: text(auth.scheme) ?? "", parameters: texts(auth.parameters) },
    data: texts(e.data),
  };
}

const text = (value: unknown) => (value === null || value === undefined ? undefined : typeof value === "string" ? value : "(not text)");

function texts(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    const t = text(v);
    if (t !== undefined) result[key] = t;
  }
  return result;
}

/** The descriptions Rotor stamps (the connection's and each project reference's), text only. */
export function descriptionsOf(answer: unknown): string[] {
  if (!isObject(answer)) return [];
  const references = Array.isArray(answer.serviceEndpointProjectReferences) ? answer.serviceEndpointProjectReferences : [];
  return [answer.description, ...references.map((r) => (isObject(r) ? r.description : undefined))].filter((d): d is string => typeof d === "string");
}

/** The PUT's answer must be the connection it wrote; anything else does not confirm the write. */
export function confirmsUpdate(answer: unknown, endpointId: string): boolean {
  return isObject(answer) && typeof answer.id === "string" && answer.id.toLowerCase() === endpointId.toLowerCase();
}

export { readAnswer };
