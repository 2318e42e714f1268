import "server-only";
import type { Db } from "@/db";
import { getApiKeyName } from "@/db/queries/api-keys";
import type { AuditInput } from "@/db/queries/audit";
import { getUserById } from "@/db/queries/users";

/** Who started a rotation (`user:<id>`, `api-key:<id>` or `system`), as the audit log names them. */
export async function actorOf(db: Db, requestedBy: string): Promise<AuditInput["actor"]> {
  const [kind, id] = requestedBy.split(/:(.*)/s) as [string, string | undefined];
  if (kind === "user" && id) return { type: "user", id, name: (await getUserById(db, { userId: id }))?.name ?? "A user" };
  if (kind === "api-key" && id) {
    const name = await getApiKeyName(db, { id });
    return { type: "api_key", id, name: name !== null ? `API key “${name}”` : "An API key" };
  }
  return { type: "system", id: null, name: "Rotor" };
}
