import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { getApplicationByAppId, insertApplication, replaceApplicationOwners } from "@/db/queries/applications";
import { writeAudit } from "@/db/queries/audit";
import type { Application } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/session";
import { AzureError } from "@/lib/azure/errors";
import { getApplication, listOwners, type GraphApplication } from "@/lib/azure/graph";
import { saveApplicationSnapshot } from "./credential-snapshots";
import { AppError } from "@/lib/errors";
import type { AddApplicationInput } from "@/lib/validations/applications";
import { resolveOwnerContacts } from "@/lib/owners/contacts";
import { ownerInWords } from "@/lib/owners/words";
import { assertAdmin, auditActor } from "@/lib/actor";
import { isUniqueViolation } from "@/db/errors";
import { withTransaction } from "@/db/transaction";

const NOT_OWNED =
  "Rotor's service principal does not own an application with that id in Entra ID, so Rotor cannot manage it. Make it an owner of the app registration in Entra ID first.";
const already = (name: string) => `${name} is already managed by Rotor.`;

/**
 * Brings an application under Rotor: re-reads it from Graph as Rotor's service principal (which
 * answers 403/404 for one it does not own, whatever the browser sent), stores it with the default
 * policy and its user owners, and audits it. Adding one twice changes nothing.
 */
export async function addManagedApplication(db: Db, admin: CurrentUser, { appId }: AddApplicationInput, now = new Date()): Promise<Application> {
  assertAdmin(admin);
  const existing = await getApplicationByAppId(db, { tenantId: admin.tenantId, appId });
  if (existing) throw new AppError("conflict", already(existing.displayName));

  let entra: GraphApplication;
  try {
    entra = await getApplication(admin.tenantId, appId);
  } catch (error) {
    if (error instanceof AzureError && error.service === "graph" && (error.status === 403 || error.status === 404)) throw new AppError("not_found", NOT_OWNED);
    throw error;
  }
  // Only people sign in to Rotor; other owners (Rotor's own service principal among them) are not kept.
  const ownerOids = (await listOwners(admin.tenantId, entra.id)).filter((o) => o.type === "user").map((o) => o.id);
  const contacts = await resolveOwnerContacts(db, { tenantId: admin.tenantId, oids: ownerOids });

  let added: Application;
  try {
    added = await withTransaction(db, async () => {
      const app = await insertApplication(db, {
        id: randomUUID(),
        tenantId: admin.tenantId,
        appId: entra.appId,
        objectId: entra.id,
        displayName: entra.displayName,
        createdBy: admin.id,
      });
      await replaceApplicationOwners(db, { applicationId: app.id, ownerOids, now });
      await writeAudit(db, {
        tenantId: admin.tenantId,
        actor: auditActor(admin),
        action: "application.added",
        target: { type: "application", id: app.id },
        detail: { appId: app.appId, displayName: app.displayName, owners: ownerOids.length, changes: [`${app.displayName} (${app.appId})`, ownersInWords(ownerOids.map((oid) => contacts.get(oid)!))] },
        at: now,
      });
      return app;
    });
  } catch (error) {
    // Two admins adding the same application at once: the unique index keeps one.
    if (isUniqueViolation(error)) throw new AppError("conflict", already(entra.displayName));
    throw error;
  }
  // The Applications page reads secrets from the snapshot: this answer of Graph is the first one.
  await saveApplicationSnapshot(db, added, entra, now);
  return added;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "owners: Omar Owens (omar@…), Unknown owner (never signed in to Rotor)", for the audit log. */
export const ownersInWords = (owners: { name: string | null; email: string | null }[]) =>
  owners.length ? `${owners.length === 1 ? "owner" : "owners"}: ${owners.map(ownerInWords).join(", ")}` : "no owners who are people";
