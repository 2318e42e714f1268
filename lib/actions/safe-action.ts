import "server-only";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { AzureError, ConsentRequiredError, SignInRequiredError } from "@/lib/azure/errors";
import { label } from "@/lib/azure/http";
import { AppError, ERROR_TABLE, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { z } from "zod";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: AppError["code"] | "consent_required"; fieldErrors?: Record<string, string[]>; consentUrl?: string };

type Options<S extends z.ZodType, T> = {
  name: string;
  schema: S;
  /** "admin" limits the action to tenant admins; the default admits any signed-in user. */
  role?: "admin" | "member";
  handler: (input: z.infer<S>, user: CurrentUser) => Promise<T>;
};

/**
 * Every server action goes through here: parse the input, find who is asking (tenant and role
 * from the database, never from the input), check the role, run. Expected failures come back as
 * `{ ok: false }`; unexpected ones are logged and reported without internal detail.
 */
export function safeAction<S extends z.ZodType, T>({ name, schema, role = "member", handler }: Options<S, T>) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, code: "unauthenticated", error: "Sign in to continue." };
    if (role === "admin" && user.role !== "admin") {
      return { ok: false, code: "forbidden", error: "Only tenant admins can do this." };
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".") || "_form";
        (fieldErrors[key] ??= []).push(issue.message);
      }
      return { ok: false, code: "invalid_input", error: "Some fields need attention.", fieldErrors };
    }
    try {
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (error) {
      if (isAppError(error) && ERROR_TABLE[error.code].shown) return { ok: false, code: error.code, error: error.message, fieldErrors: error.fieldErrors };
      if (error instanceof ConsentRequiredError) return { ok: false, code: "consent_required", error: error.message, consentUrl: error.consentUrl };
      if (error instanceof SignInRequiredError) return { ok: false, code: "unauthenticated", error: error.message };
      if (error instanceof AzureError) {
        logger.warn({ action: name, userId: user.id, service: error.service, status: error.status }, "Azure call failed in a server action");
        const hint = error.retryable ? " Nothing was changed; try again in a moment." : "";
        return { ok: false, code: "upstream", error: `${label(error.service)}: ${error.message}${hint}` };
      }
      logger.error({ action: name, userId: user.id, tenantId: user.tenantId, err: (error as Error).message }, "server action failed");
      return { ok: false, code: "internal", error: "Something went wrong; nothing was changed. Try again." };
    }
  };
}
