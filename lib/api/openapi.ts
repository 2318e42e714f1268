import { z } from "zod";
import {
  dueRunResponse,
  errorResponse,
  outputLine,
  rotationJson,
  rotationStatusResponse,
  runDueBody,
  startRotationResponse,
} from "./schemas";

/**
 * The OpenAPI 3.1 document of the scheduler API, served at GET /api/v1/openapi.json. Its schemas
 * are generated from the zod schemas the handlers use (lib/api/schemas); the paths are written
 * here, and tests/integration/scheduler-api-openapi.test.ts checks that every route file under
 * app/api/v1 has its path and verbs here.
 */
const registry = z.registry<{ id: string }>();
registry.add(errorResponse, { id: "Error" });
registry.add(rotationJson, { id: "Rotation" });
registry.add(outputLine, { id: "OutputLine" });
registry.add(startRotationResponse, { id: "StartRotationResponse" });
registry.add(rotationStatusResponse, { id: "RotationStatus" });
registry.add(dueRunResponse, { id: "DueRun" });

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) without the per-document `$schema`/`$id`, and without zod's long regexes where a `format` says it. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === "$schema" || key === "$id") continue;
    if (key === "pattern" && (record.format === "date-time" || record.format === "uuid")) continue;
    if ((key === "minimum" || key === "maximum") && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(value);
  }
  return out;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const jsonContent = (schema: unknown) => ({ "application/json": { schema } });
const error = (description: string) => ({ description, content: jsonContent(ref("Error")) });

const ERRORS = {
  "400": error("Malformed path, query, header or body (bad JSON, wrong types, unknown fields, over 8 KiB)."),
  "401": error("Missing, malformed, unknown or revoked API key."),
  "429": { ...error("Too many failed attempts from this address or with this key prefix."), headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } },
  "500": error("Rotor failed; no internal detail is given."),
} as const;

const guidParam = (description: string) => ({ name: "id", in: "path", required: true, description, schema: { type: "string", format: "uuid" } });

export function openApiDocument() {
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  return {
    openapi: "3.1.0",
    info: {
      title: "Rotor scheduler API",
      version: "1.0.0",
      description:
        "Lets an external scheduler rotate the Entra ID application secrets Rotor manages in one tenant. Authenticate with `Authorization: Bearer <API key>`; a tenant admin creates keys in System → API keys. Every error is `{ error: { code, message } }`.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    paths: {
      "/applications/{id}/rotations": {
        post: {
          operationId: "startRotation",
          summary: "Rotate one application now",
          description:
            "Starts a rotation (202 + Location), or returns the application's running rotation (200). With an `Idempotency-Key`, repeating the call with the same API key returns the rotation the key started, even after it finished (200, `Idempotent-Replayed: true`), for 24 hours; the same key for another application is 409. Keys are kept per API key: another key's values never match.",
          parameters: [
            guidParam("Rotor's application id, or the Entra application (client) id; looked up in the key's tenant only."),
            { name: "Idempotency-Key", in: "header", required: false, description: "Up to 255 visible ASCII characters, e.g. a UUID. Remembered per API key for 24 hours.", schema: { type: "string", maxLength: 255 } },
          ],
          requestBody: { required: false, description: "No options yet: omit the body or send `{}`.", content: jsonContent({ type: "object", additionalProperties: false }) },
          responses: {
            "200": { description: "Already running, or replayed for this Idempotency-Key.", content: jsonContent(ref("StartRotationResponse")) },
            "202": {
              description: "Started; poll the Location.",
              headers: { Location: { description: "/api/v1/rotations/{rotationId}", schema: { type: "string" } } },
              content: jsonContent(ref("StartRotationResponse")),
            },
            ...ERRORS,
            "404": error("No such application in the key's tenant."),
            "409": error("The Idempotency-Key was used for another application."),
          },
        },
      },
      "/rotations/{id}": {
        get: {
          operationId: "getRotation",
          summary: "A rotation's state and output",
          parameters: [
            guidParam("The rotation id (from the Location of a start)."),
            { name: "after", in: "query", required: false, description: "Only output lines with a larger id (the last `outputCursor`).", schema: { type: "integer", minimum: 0 } },
          ],
          responses: {
            "200": { description: "The rotation.", content: jsonContent(ref("RotationStatus")) },
            ...ERRORS,
            "404": error("No such rotation in the key's tenant."),
          },
        },
      },
      "/rotations/due": {
        post: {
          operationId: "runDueRotations",
          summary: "Rotate every application that is due (call it hourly)",
          description: "Starts every due rotation of the key's tenant and answers when they have finished.",
          requestBody: { required: false, content: jsonContent(tidy(z.toJSONSchema(runDueBody.unwrap(), { io: "input" }))) },
          responses: {
            "200": { description: "What was started (as it ended), what was already running, how many were not due.", content: jsonContent(ref("DueRun")) },
            ...ERRORS,
            "502": error("Microsoft Graph could not list the applications' secrets."),
          },
        },
      },
      "/openapi.json": {
        get: {
          operationId: "openApiDocument",
          summary: "This document",
          security: [],
          responses: { "200": { description: "The OpenAPI document.", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", bearerFormat: "rtr_<8-character prefix>_<secret>" } },
      schemas: tidy(schemas) as Record<string, unknown>,
    },
  };
}
