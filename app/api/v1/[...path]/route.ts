import { toErrorResponse } from "@/lib/api/errors";
import { AppError } from "@/lib/errors";

/**
 * Any other path under /api/v1: a JSON "not found" like the rest of the API (through its one error
 * mapping), instead of the portal's HTML 404. Answers without a key: it reveals only what the
 * OpenAPI document says.
 */
function notFound(): Response {
  return toErrorResponse(new AppError("not_found", "No such scheduler API route; see /api/v1/openapi.json."), { route: "unknown" });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
