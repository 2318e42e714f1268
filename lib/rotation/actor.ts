import "server-only";
import type { Db } from "@/db";
import type { AuditInput } from "@/db/queries/audit";
import { getUserById } from "@/db/queries/users";
import { apiKeys } from "@/db/schema";
import { eq } from "drizzle-orm";

/** Who started a rotation (`user:<id>`, `api-key:<id>` or `system`), as the audit log names them. */
export function actorOf(db: Db, requestedBy: string): AuditInput["actor"] {
  const [kind, id] = requestedBy.split(/:(.*)/s) as [string, string | undefined];
  if (kind === "user" && id) return { type: "user", id, name: getUserById(db, { userId: id })?.name ?? "A user" };
  if (kind === "api-key" && id) {
    const key = db.select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.id, id)).get();
    return { type: "api_key", id, name: key ? `API key “${key.name}”` : "An API key" };
  }
  return { type: "system", id: null, name: "Rotor" };
}
