import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/**
 * safeAction already limits these actions to admins; the logic checks again so that it stays
 * safe wherever else it is called from (a route handler, a script).
 */
export function assertAdmin(user: Pick<CurrentUser, "role">): void {
  if (user.role !== "admin") throw new AppError("forbidden", "Only tenant admins can do this.");
}

/** The audit actor for a signed-in person. */
export const actorOf = (user: Pick<CurrentUser, "id" | "name">) => ({ type: "user" as const, id: user.id, name: user.name });
