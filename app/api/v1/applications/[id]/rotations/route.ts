/**
 * POST /api/v1/applications/{id}/rotations — rotate one application now, e.g. from a pipeline
 * before a release; there is no fixed schedule for this route (the hourly job calls /rotations/due).
 * {id} is Rotor's application id or the Entra application (client) id, within the key's tenant.
 * 202 + Location: started. 200: the application's running rotation, or the one this
 * Idempotency-Key started before (even finished). 409: the Idempotency-Key named another application.
 * The use case is lib/rotation/start-rotation.ts; Idempotency-Key values answer for IDEMPOTENCY_TTL_MS.
 */
import { getDb } from "@/db";
import { describeIssues, invalidInput, json } from "@/lib/api/errors";
import { rotationJson, rotationPath } from "@/lib/api/rotation-json";
import { applicationParams, idempotencyKeyHeader, startRotationBody } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";
import { startRotation } from "@/lib/rotation/start-rotation";

function idempotencyKeyOf(request: Request): string | null {
  const header = request.headers.get("idempotency-key");
  if (header === null) return null;
  const parsed = idempotencyKeyHeader.safeParse(header);
  if (!parsed.success) throw invalidInput(describeIssues("header Idempotency-Key", parsed.error));
  return parsed.data;
}

export const POST = withApiKey(
  { name: "startRotation", params: applicationParams, body: startRotationBody },
  async ({ request, actor, params }) => {
    const idempotencyKey = idempotencyKeyOf(request);
    const { rotation, created, replayed } = await startRotation(await getDb(), actor, { application: params.id, idempotencyKey });
    const headers: Record<string, string> = { location: rotationPath(rotation.id) };
    if (replayed) headers["idempotent-replayed"] = "true";
    return json({ rotation: rotationJson(rotation), created }, { status: created ? 202 : 200, headers });
  },
);
