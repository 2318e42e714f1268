import { openApiDocument } from "@/lib/api/openapi";

/** GET /api/v1/openapi.json — the scheduler API's OpenAPI 3.1 document; public, it holds no tenant data. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
