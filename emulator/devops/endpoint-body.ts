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

function readBody(raw: unknown): { ok: true; body: z.infer<typeof EndpointBody> } | { ok: false; message: string } {
  if (raw === null || typeof raw !== "object") return { ok: false, message: "Value cannot be null. (Parameter 'endpoint')" };
  const parsed = EndpointBody.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `Invalid service connection: ${issue.path.join(".") || "body"}: ${issue.message}` };
  }
  return { ok: true, body: parsed.data };
}

type References = NonNullable<z.infer<typeof EndpointBody>["serviceEndpointProjectReferences"]>;

/** The body's project references as stored, each checked to be a project of `organization`. */
function projectReferencesOf(devops: DevopsState, organization: string, references: References, fallback: { name: string; description: string }) {
  const stored: StoredEndpoint["projectReferences"] = [];
  for (const reference of references) {
    const project = devops.project(organization, reference.projectReference.id);
    if (!project) return { ok: false as const, message: `TF200016: The following project does not exist: ${reference.projectReference.id}.` };
    if (stored.some((r) => r.projectId === project.id)) continue;
    stored.push({ projectId: project.id, name: reference.name ?? fallback.name, description: reference.description ?? fallback.description });
  }
  return { ok: true as const, stored };
}

const withoutNulls = (record: Record<string, string | null> | null | undefined) =>
  Object.fromEntries(Object.entries(record ?? {}).filter((entry): entry is [string, string] => entry[1] !== null));

/**
 * A POST body (`{org}/_apis/serviceendpoint/endpoints`) as a new endpoint: at least one project
 * reference (sharing it into several projects at once), a new id whatever the body says, ready.
 */
export function endpointFromCreateBody(
  devops: DevopsState,
  { organization, id, createdBy }: { organization: string; id: string; createdBy: string },
  raw: unknown,
): { ok: true; endpoint: StoredEndpoint } | { ok: false; message: string } {
  const read = readBody(raw);
  if (!read.ok) return read;
  const body = read.body;
  if (!body.serviceEndpointProjectReferences?.length) return { ok: false, message: "Invalid service connection: serviceEndpointProjectReferences: A service connection belongs to at least one project." };
  const references = projectReferencesOf(devops, organization, body.serviceEndpointProjectReferences, { name: body.name, description: body.description ?? "" });
  if (!references.ok) return references;
  return {
    ok: true,
    endpoint: {
      organization,
      id,
      name: body.name,
      type: body.type,
      url: body.url,
      description: body.description ?? "",
      data: withoutNulls(body.data),
      authorization: { scheme: body.authorization.scheme, parameters: { ...(body.authorization.parameters ?? {}) } },
      isShared: references.stored.length > 1,
      isReady: true,
      owner: "Library",
      operationStatus: { state: "Ready", statusMessage: "" },
      projectReferences: references.stored,
      createdBy,
    },
  };
}

/**
 * Checks a PUT body against the stored endpoint and merges it the way Azure does: a confidential
 * parameter sent as null (or left out) keeps its stored value, as long as the scheme stays the same.
 */
export function mergeEndpointUpdate(devops: DevopsState, stored: StoredEndpoint, raw: unknown): { ok: true; next: StoredEndpoint } | { ok: false; message: string } {
  const read = readBody(raw);
  if (!read.ok) return read;
  const body = read.body;
  if (body.id && body.id.toLowerCase() !== stored.id) return { ok: false, message: `The id '${body.id}' in the body does not match the service connection '${stored.id}' of the URL.` };
  if (body.type.toLowerCase() !== stored.type.toLowerCase()) return { ok: false, message: `The type of a service connection cannot change (from '${stored.type}' to '${body.type}').` };

  const references = body.serviceEndpointProjectReferences ?? stored.projectReferences.map((r) => ({ projectReference: { id: r.projectId }, name: r.name, description: r.description }));
  const checked = projectReferencesOf(devops, stored.organization, references, { name: body.name, description: body.description ?? "" });
  if (!checked.ok) return checked;
  const projectReferences = checked.stored;

  const sameScheme = body.authorization.scheme.toLowerCase() === stored.authorization.scheme.toLowerCase();
  const parameters: Record<string, string | null> = { ...(body.authorization.parameters ?? {}) };
  for (const [key, value] of Object.entries(stored.authorization.parameters)) {
    if (sameScheme && CONFIDENTIAL_PARAMETERS.has(key.toLowerCase()) && (parameters[key] === null || parameters[key] === undefined)) parameters[key] = value;
  }

  const data = withoutNulls(body.data);
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
