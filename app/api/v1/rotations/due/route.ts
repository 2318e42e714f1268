/**
 * POST /api/v1/rotations/due — expected schedule: every hour (e.g. cron `7 * * * *`), from the
 * tenant's scheduler (cron, an Azure DevOps scheduled pipeline, GitHub Actions `on: schedule`).
 * Starts every rotation due in the key's tenant, resumes what a stopped process left, and answers
 * once the started ones have finished. Calling it more often is safe: an application already
 * rotating is reported, not rotated twice, and a call while another due run of the tenant is in
 * progress (this API's or the built-in scheduler's) starts nothing and reports that run's rotations
 * as already running. Each run is recorded (due_runs) with the key that started it.
 */
import { json } from "@/lib/api/errors";
import { rotationJson } from "@/lib/api/rotation-json";
import { dueRunFor } from "@/lib/rotation/due-run";
import { runDueBody } from "@/lib/api/schemas";
import { withApiKey } from "@/lib/api/with-api-key";

export const POST = withApiKey({ name: "runDueRotations", body: runDueBody }, async ({ key, requestedBy, body }) => {
  const outcome = await dueRunFor({ tenantId: key.tenantId, requestedBy, trigger: "api", concurrency: body?.concurrency ?? 8 });
  const run = outcome.kind === "not_yet" ? { started: [], alreadyRunning: [], notDue: 0, recovered: 0 } : outcome.run;
  return json({
    started: run.started.map(rotationJson),
    alreadyRunning: run.alreadyRunning.map(rotationJson),
    notDue: run.notDue,
    recovered: run.recovered,
  });
});
