import "server-only";
import type { Db } from "@/db";
import { getApiKeyName } from "@/db/queries/api-keys";
import type { AuditInput } from "@/db/queries/audit";
import { getUserById } from "@/db/queries/users";
import type { CurrentUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";

/**
 * Who asks Rotor to do something — the one shape every use case takes, the audit log records and
 * `requestedBy` / `createdBy` columns store (as a reference, see `actorRef`):
 * - a person signed in to the portal, with their tenant and role;
 * - a scheduler's API key, scoped to its tenant;
 * - the system: Rotor itself (the built-in scheduler, recovery) or someone at the server's
 *   command line (`npm run rotor`), who has the database anyway.
 */
export type Actor = PersonActor | ApiKeyActor | SystemActor;
/** The signed-in person (lib/auth/current-user.ts), with their tenant and role. */
export type PersonActor = CurrentUser;
export type ApiKeyActor = { kind: "api_key"; id: string; name: string; tenantId: string };
export type SystemActor = { kind: "system"; name: string; commandLineUser?: string };

export const apiKeyActor = (key: { id: string; name: string; tenantId: string }): ApiKeyActor => ({ kind: "api_key", id: key.id, name: key.name, tenantId: key.tenantId });

/** Rotor itself: the built-in scheduler, recovery after a restart. */
export const ROTOR: SystemActor = { kind: "system", name: "Rotor" };

export const commandLineActor = (osUser: string): SystemActor => ({ kind: "system", name: `Command line (${osUser})`, commandLineUser: osUser });

/** How a row records who asked: `user:<id>`, `api-key:<id>`, `cli:<os user>` or `system`. */
export function actorRef(actor: Actor): string {
  if (actor.kind === "person") return `user:${actor.id}`;
  if (actor.kind === "api_key") return `api-key:${actor.id}`;
  return actor.commandLineUser !== undefined ? `cli:${actor.commandLineUser}` : "system";
}

/** The actor as the audit log names it. */
export function auditActor(actor: Actor): AuditInput["actor"] {
  if (actor.kind === "person") return { type: "user", id: actor.id, name: actor.name };
  if (actor.kind === "api_key") return { type: "api_key", id: actor.id, name: `API key “${actor.name}”` };
  return { type: "system", id: null, name: actor.name };
}

type RefKind = "user" | "api_key" | "cli" | "system";

/** The one reader of `actorRef`'s format. */
export function parseActorRef(ref: string): { kind: RefKind; id: string | null } {
  const [prefix, id] = ref.split(/:(.*)/s) as [string, string | undefined];
  if (prefix === "user" && id) return { kind: "user", id };
  if (prefix === "api-key" && id) return { kind: "api_key", id };
  if (prefix === "cli") return { kind: "cli", id: id ?? "unknown" };
  return { kind: "system", id: null };
}

/** A stored reference back to the audit log's words, looking the person or key up (either may be gone since). */
export async function describeActorRef(db: Db, ref: string): Promise<AuditInput["actor"]> {
  const { kind, id } = parseActorRef(ref);
  if (kind === "user") return { type: "user", id, name: (await getUserById(db, { userId: id! }))?.name ?? "A user" };
  if (kind === "api_key") {
    const name = await getApiKeyName(db, { id: id! });
    return { type: "api_key", id, name: name !== null ? `API key “${name}”` : "An API key" };
  }
  if (kind === "cli") return auditActor(commandLineActor(id!));
  return auditActor(ROTOR);
}

/** The tenant the actor may touch; the system may touch any (it passes the tenant itself). */
export const tenantOf = (actor: Actor): string | null => (actor.kind === "system" ? null : actor.tenantId);

/**
 * Use cases limited to tenant admins check here as well as in the adapter, so they stay safe
 * wherever they are called from (a route handler, a script).
 */
export function assertAdmin(actor: Actor | { role: string }): void {
  if (!("role" in actor) || actor.role !== "admin") throw new AppError("forbidden", "Only tenant admins can do this.");
}
