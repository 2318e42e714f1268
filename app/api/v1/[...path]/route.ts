import { json } from "@/lib/api/errors";

/**
 * Any other path under /api/v1: a JSON "not found" like the rest of the API, instead of the
 * portal's HTML 404. Answers without a key: it reveals only what the OpenAPI document says.
 */
function notFound(): Response {
  return json({ error: { code: "not_found", message: "No such scheduler API route; see /api/v1/openapi.json." } }, { status: 404 });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
