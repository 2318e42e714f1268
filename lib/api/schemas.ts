import { z } from "zod";
import { rotationStates, rotationTriggers } from "@/db/schema";
import { ERROR_CODES, type ErrorCode } from "@/lib/errors";

/**
 * Every shape of the scheduler API (/api/v1), in one place: the route handlers parse requests
 * with these, type their responses with them, and lib/api/openapi.ts publishes them as the
 * OpenAPI document's components, so the document cannot drift from the code.
 */

const guid = (what: string) =>
  z
    .guid({ error: `${what} must be a GUID, e.g. 3f2c5d1e-8a4b-4c6d-9e0f-1a2b3c4d5e6f.` })
    .transform((value) => value.toLowerCase());

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

export const applicationParams = z.object({ id: guid("The application id") });
export const rotationParams = z.object({ id: guid("The rotation id") });

export const rotationQuery = z
  .object({
    after: z
      .string()
      .regex(/^\d{1,15}$/, "`after` must be the id of an output line (a whole number ≥ 0).")
      .transform(Number)
      .optional(),
  })
  .strict();

/** No options today; a body, when sent, must be an empty JSON object. */
export const startRotationBody = z.object({}).strict().optional();

export const runDueBody = z
  .object({
    concurrency: z
      .int({ error: "`concurrency` must be a whole number from 1 to 32." })
      .min(1, "`concurrency` must be from 1 to 32.")
      .max(32, "`concurrency` must be from 1 to 32.")
      .optional()
      .describe("How many rotations run at once (default 8)."),
  })
  .strict()
  .optional();

export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255, "Idempotency-Key is at most 255 characters.")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key must be visible ASCII characters without spaces (a UUID works well).");

// ── Responses ───────────────────────────────────────────────────────────────────────────────────

const timestamp = z.iso.datetime();

/** The codes of lib/errors.ts's table: the API answers with no other. */
export const errorCodes = ERROR_CODES;
export type ApiErrorCode = ErrorCode;

export const errorResponse = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string().describe("A sentence for people; never internal detail."),
  }),
});

export const rotationJson = z.object({
  id: z.string(),
  applicationId: z.string().describe("Rotor's id of the application."),
  state: z.enum(rotationStates).describe("The last step the journal completed."),
  finished: z
    .boolean()
    .describe("True once `state` is `succeeded` or `failed`. Output can still grow a little after that: the removal of old secrets writes its lines right after, or after the policy's overlap."),
  trigger: z.enum(rotationTriggers),
  requestedBy: z.object({ kind: z.enum(["user", "api_key", "system"]) }),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  failureReason: z.string().nullable(),
  newKeyId: z.string().nullable().describe("Entra ID key id of the new secret (not the secret)."),
  newSecretExpiresAt: timestamp.nullable(),
  oldSecretsRemoveAfter: timestamp.nullable(),
  oldSecretsRemovedAt: timestamp.nullable(),
});
export type RotationJson = z.output<typeof rotationJson>;

export const outputLine = z.object({
  id: z.int().describe("Pass the last id you saw as `?after=` to get only newer lines."),
  at: timestamp,
  level: z.enum(["info", "warn", "error"]),
  message: z.string(),
});

export const startRotationResponse = z.object({
  rotation: rotationJson,
  created: z.boolean().describe("True when this call started the rotation (202)."),
});

export const rotationStatusResponse = z.object({
  rotation: rotationJson,
  output: z.array(outputLine),
  outputCursor: z.int().describe("The id to pass as `?after=` next time."),
});

export const dueRunResponse = z.object({
  started: z.array(rotationJson).describe("Rotations this call started, as they ended (the call waits for them)."),
  alreadyRunning: z.array(rotationJson),
  notDue: z.int().describe("Scheduled applications that are not due yet."),
  recovered: z.int().describe("Unfinished rotations of a stopped process that were resumed first."),
});
