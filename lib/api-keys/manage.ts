import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { insertApiKey, listApiKeys, revokeApiKey, type ApiKey } from "@/db/queries/api-keys";
import { writeAudit } from "@/db/queries/audit";
import { actorRef, auditActor, parseActorRef, type PersonActor, type SystemActor } from "@/lib/actor";
import { getUserById } from "@/db/queries/users";
import { AppError } from "@/lib/errors";
import { generateApiKey } from "./format";
import { withTransaction } from "@/db/transaction";

/**
 * Who creates or revokes a key: a tenant admin in the portal, or someone at the command line
 * (`npm run rotor -- api-keys …`, which has shell access to the server and its database).
 * Stored in `createdBy`/`revokedBy` as lib/actor.ts's actorRef, like rotations' requestedBy.
 */
type KeyActor = PersonActor | SystemActor;

/** Creates a key in the tenant; the whole key is returned here once and is never stored or logged. */
export async function createApiKey(db: Db, { tenantId, name, actor }: { tenantId: string; name: string; actor: KeyActor }): Promise<{ record: ApiKey; key: string }> {
  const { key, prefix, hash } = generateApiKey();
  const record = await withTransaction(db, async () => {
    const row = await insertApiKey(db, { id: randomUUID(), tenantId, name, prefix, hash, createdBy: actorRef(actor) });
    await writeAudit(db, {
      tenantId,
      actor: auditActor(actor),
      action: "api_key.created",
      target: { type: "api_key", id: row.id },
      detail: { name, prefix, changes: [`“${name}” (${prefix}…)`] },
    });
    return row;
  });
  return { record, key };
}

export async function revokeTenantApiKey(db: Db, { tenantId, id, actor }: { tenantId: string; id: string; actor: KeyActor }): Promise<ApiKey> {
  return await withTransaction(db, async () => {
    const row = await revokeApiKey(db, { tenantId, id, revokedBy: actorRef(actor) });
    if (!row) throw new AppError("not_found", "There is no active API key with that id in this tenant (it may be revoked already).");
    await writeAudit(db, {
      tenantId,
      actor: auditActor(actor),
      action: "api_key.revoked",
      target: { type: "api_key", id: row.id },
      detail: { name: row.name, prefix: row.prefix, changes: [`“${row.name}” (${row.prefix}…)`] },
    });
    return row;
  });
}

/** What a list may show of a key: everything but the hash. */
export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
};

/** `user:<id>` → the user's name; `cli:<name>` → "Command line (name)". */
async function actorName(db: Db, ref: string | null, names: Map<string, string>): Promise<string | null> {
  if (!ref) return null;
  const { kind, id } = parseActorRef(ref);
  if (kind === "cli") return `Command line (${id})`;
  if (kind !== "user" || !id) return "Unknown";
  if (!names.has(id)) names.set(id, (await getUserById(db, { userId: id }))?.name ?? "A removed user");
  return names.get(id)!;
}

export async function listApiKeySummaries(db: Db, { tenantId }: { tenantId: string }): Promise<ApiKeySummary[]> {
  const names = new Map<string, string>();
  return Promise.all((await listApiKeys(db, { tenantId })).map(async (k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    createdBy: await actorName(db, k.createdBy, names) ?? "Unknown",
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    revokedBy: await actorName(db, k.revokedBy, names),
  })));
}
