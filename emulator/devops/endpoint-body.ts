import { z } from "zod";
import type { DevopsState } from "./state";
import type { StoredEndpoint } from "./types";
import { CONFIDENTIAL_PARAMETERS } from "./wire";

const text = z.string().nullish();

/** The whole endpoint a PUT sends. Server-managed fields (isReady, owner, createdBy…) are accepted and ignored. */
const EndpointBody = z.object({
  id: text,
  name: z.string().trim().min(1, "The service connection needs a name."),
  type: z.string().min(1, "The service connection needs a type."),
  url: z.string().min(1, "The service connection needs a url."),
  description: text,
  data: z.record(z.string(), z.string().nullable()).nullish(),
  authorization: z.object({
    scheme: z.string().min(1, "authorization.scheme is required."),
    parameters: z.record(z.string(), z.string().nullable()).nullish(),
  }),
  serviceEndpointProjectReferences: z
    .array(z.object({ projectReference: z.object({ id: z.string().min(1), name: text }), name: text, description: text }))
    .min(1, "A service connection belongs to at least one project.")
    .nullish(),
});

/**
 * Checks a PUT body against the stored endpoint and merges it the way Azure does: a confidential
 * parameter sent as null (or left out) keeps its stored value, as long as the scheme stays the same.
 */
export function mergeEndpointUpdate(devops: DevopsState, stored: StoredEndpoint, raw: unknown): { ok: true; next: StoredEndpoint } | { ok: false; message: string } {
  if (raw === null || typeof raw !== "object") return { ok: false, message: "Value cannot be null. (Parameter 'endpoint')" };
  const parsed = EndpointBody.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `Invalid service connection: ${issue.path.join(".") || "body"}: ${issue.message}` };
  }
  const body = parsed.data;
  if (body.id && body.id.toLowerCase() !== stored.id) return { ok: false, message: `The id '${body.id}' in the body does not match the service connection '${stored.id}' of the URL.` };
  if (body.type.toLowerCase() !== stored.type.toLowerCase()) return { ok: false, message: `The type of a service connection cannot change (from '${stored.type}' to '${body.type}').` };

  const references = body.serviceEndpointProjectReferences ?? stored.projectReferences.map((r) => ({ projectReference: { id: r.projectId }, name: r.name, description: r.description }));
  const projectReferences = [];
  for (const reference of references) {
    const project = devops.project(stored.organization, reference.projectReference.id);
    if (!project) return { ok: false, message: `TF200016: The following project does not exist: ${reference.projectReference.id}.` };
    projectReferences.push({ projectId: project.id, name: reference.name ?? body.name, description: reference.description ?? body.description ?? "" });
  }

  const sameScheme = body.authorization.scheme.toLowerCase() === stored.authorization.scheme.toLowerCase();
  const parameters: Record<string, string | null> = { ...(body.authorization.parameters ?? {}) };
  for (const [key, value] of Object.entries(stored.authorization.parameters)) {
    if (sameScheme && CONFIDENTIAL_PARAMETERS.has(key.toLowerCase()) && (parameters[key] === null || parameters[key] === undefined)) parameters[key] = value;
  }

  const data = Object.fromEntries(Object.entries(body.data ?? {}).filter((entry): entry is [string, string] => entry[1] !== null));
  return {
    ok: true,
    next: {
      ...stored,
      name: body.name,
      url: body.url,
      description: body.description ?? "",
      data,
      authorization: { scheme: body.authorization.scheme, parameters },
      projectReferences,
      isShared: projectReferences.length > 1,
    },
  };
}
