/**
 * GET /api/v1/rotations/{id}?after=<lineId> — a rotation's state and output, polled by whoever
 * started it (every few seconds until `finished`; pass the last `outputCursor` as `after` to get
 * only new lines). No fixed schedule. Another tenant's rotation is "not found".
 */
import { getDb } from "@/db";
import { getRotation, listOutput } from "@/db/queries/rotations";
import { json } from "@/lib/api/errors";
import { AppError } from "@/lib/errors";
import { rotationJson } from "@/lib/api/rotation-json";
import { rotationParams, rotationQuery } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";

export const GET = withApiKey({ name: "getRotation", params: rotationParams, query: rotationQuery }, async ({ key, params, query }) => {
  const db = await getDb();
  const rotation = await getRotation(db, { rotationId: params.id, tenantId: key.tenantId });
  if (!rotation) throw new AppError("not_found", "No rotation with that id in this API key's tenant.");
  const after = query.after ?? 0;
  const output = await listOutput(db, { rotationId: rotation.id, afterId: after });
  return json({
    rotation: rotationJson(rotation),
    output: output.map((line) => ({ id: line.id, at: line.at.toISOString(), level: line.level, message: line.message })),
    outputCursor: output.at(-1)?.id ?? after,
  });
});
