/**
 * POST /api/v1/applications/{id}/rotations — rotate one application now, e.g. from a pipeline
 * before a release; there is no fixed schedule for this route (the hourly job calls /rotations/due).
 * {id} is Rotor's application id or the Entra application (client) id, within the key's tenant.
 * 202 + Location: started. 200: the application's running rotation, or the one this
 * Idempotency-Key started before (even finished). 409: the Idempotency-Key named another application.
 */
import { getDb } from "@/db";
import { getApplicationForApiKey } from "@/db/queries/api-keys";
import type { Rotation } from "@/db/schema";
import { ApiError, describeIssues, invalidInput, json } from "@/lib/api/errors";
import { rotationJson, rotationPath } from "@/lib/api/rotation-json";
import { applicationParams, idempotencyKeyHeader, startRotationBody } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";
import { requestRotation } from "@/lib/rotation/runner";

/**
 * Idempotency keys are stored per tenant and caller (`api-key:<id>:<value>`), so another key of
 * the tenant cannot use up a value first (a predictable one such as `release-2025-06-01`); they
 * answer for IDEMPOTENCY_TTL_MS.
 */
function idempotencyKeyOf(request: Request, requestedBy: string): string | null {
  const header = request.headers.get("idempotency-key");
  if (header === null) return null;
  const parsed = idempotencyKeyHeader.safeParse(header);
  if (!parsed.success) throw invalidInput(describeIssues("header Idempotency-Key", parsed.error));
  return `${requestedBy}:${parsed.data}`;
}

const isUniqueViolation = (error: unknown) => typeof (error as { code?: unknown })?.code === "string" && (error as { code: string }).code.startsWith("SQLITE_CONSTRAINT");

/** Another process may insert the same rotation at the same instant: the retry then finds it. */
async function requestOnce(input: Parameters<typeof requestRotation>[0]): ReturnType<typeof requestRotation> {
  try {
    return await requestRotation(input);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    try {
      return await requestRotation(input);
    } catch (again) {
      if (!isUniqueViolation(again)) throw again;
      throw new ApiError(409, "conflict", "Another request with this Idempotency-Key or for this application arrived at the same moment; try again.");
    }
  }
}

export const POST = withApiKey(
  { name: "startRotation", params: applicationParams, body: startRotationBody },
  async ({ request, key, requestedBy, params }) => {
    const idempotencyKey = idempotencyKeyOf(request, requestedBy);
    const db = await getDb();
    const app = await getApplicationForApiKey(db, { tenantId: key.tenantId, ref: params.id });
    if (!app) {
      throw new ApiError(404, "not_found", "No application with that id is managed by Rotor in this API key's tenant (use Rotor's application id or the Entra application id).");
    }
    const { rotation, created, replayed } = await requestOnce({ tenantId: key.tenantId, applicationId: app.id, trigger: "api", requestedBy, idempotencyKey });
    if (rotation.applicationId !== app.id) {
      throw new ApiError(409, "conflict", "This Idempotency-Key was already used for a rotation of another application; send a new key for a new request.");
    }
    const headers: Record<string, string> = { location: rotationPath(rotation.id) };
    if (replayed) headers["idempotent-replayed"] = "true";
    return json({ rotation: rotationJson(rotation), created }, { status: created ? 202 : 200, headers });
  },
);
