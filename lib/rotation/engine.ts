import "server-only";
import { getDb } from "@/db";
import type { Db } from "@/db";
import { acquireLease, getRotation, markOldSecretsRemoved } from "@/db/queries/rotations";
import { writeAudit } from "@/db/queries/audit";
import { isFinished, type Rotation } from "@/db/schema";
import { tenantCredential } from "@/lib/azure/devops/credential";
import { addPassword, getApplication, removePassword, type NewSecret } from "@/lib/azure/graph";
import { logger } from "@/lib/logger";
import { rotationAuditEntry } from "./audit-entry";
import { testConnection, writeConnection } from "./connection-steps";
import { azureSentence } from "./describe-error";
import { rotationContext } from "./context";
import { Journal, LEASE_TTL_MS, newRunId } from "./journal";
import { waitUntilSecretWorks } from "./verify-secret";

const DAY_MS = 86_400_000;

/**
 * Drives one rotation from wherever its journal says it is to `succeeded` or `failed`:
 *   pending → secret_created (addPassword) → verified (Entra accepts it) → connection_written
 *   (PUT, stamped with the key id, confirmed by reading it back) → connection_updated (Azure DevOps'
 *   connection test passed, where the type has one) → succeeded (old secrets removed now or after the overlap).
 * The secret text exists only in this call's memory. A failure before the connection holds the
 * new secret compensates (removes it; the old one stays); a run resumed after a crash, having lost
 * the text, finishes when the connection's stamp shows the new secret landed, else compensates.
 * Returns without doing anything when another runner holds the lease.
 */
export async function runRotation(rotationId: string, tenantId: string): Promise<Rotation | null> {
  const db = await getDb();
  const owner = newRunId();
  if (!(await acquireLease(db, { rotationId, owner, ttlMs: LEASE_TTL_MS }))) return await getRotation(db, { rotationId, tenantId });
  const journal = new Journal(db, (await getRotation(db, { rotationId, tenantId }))!, owner);
  const { application, binding, skipReason, skipWarning } = await rotationContext(db, journal.rotation.applicationId);
  const tenant = application.tenantId;
  let secret: NewSecret | undefined;

  const compensate = async (reason: string) => {
    await journal.advance({ state: "compensating", failureReason: reason });
    await journal.say(reason, "error");
    const removed = await removeNewSecret(journal, tenant, application);
    await journal.say(removed ? "Rolled back: the new secret was removed; the old secret is still in place." : "Rolled back: no new secret was found to remove; the old secret is still in place.");
    // addPassword ran (or may have) without Rotor learning the key id: Graph may still create it.
    const mayAppearLate = !removed && !!journal.rotation.startedAt && !journal.rotation.newKeyId;
    if (mayAppearLate) await journal.say(`If Microsoft Graph still creates it, Rotor removes it at its next runs (it looks for "${journal.rotation.newSecretName}" for a day).`);
    await journal.advance({ state: "failed", ...(mayAppearLate ? { lateSecretCheckUntil: new Date(Date.now() + DAY_MS) } : {}) });
  };

  // Keeps the lease while a remote call takes long; a lost lease stops this run at the next step.
  const heartbeat = setInterval(() => {
    journal.renew().catch(() => clearInterval(heartbeat));
  }, LEASE_TTL_MS / 3);
  try {
    while (!isFinished(journal.rotation.state)) {
      const r = journal.rotation;
      switch (r.state) {
        case "pending": {
          if (r.startedAt) {
            await compensate("Rotor stopped before the new secret was recorded (restart). Nothing else was changed.");
            break;
          }
          // The credential that will write the connection must exist before any secret is created.
          if (binding) {
            try {
              await tenantCredential(tenant);
            } catch (error) {
              await journal.advance({ state: "failed", failureReason: azureSentence(error) });
              await journal.say(`Nothing was changed: ${azureSentence(error)}`, "error");
              break;
            }
          }
          const before = await getApplication(tenant, application.appId);
          await journal.advance({ startedAt: new Date(), oldKeyIds: before.passwordCredentials.map((p) => p.keyId) });
          await journal.say(`Rotating ${application.displayName}: ${before.passwordCredentials.length} current secret(s).`);
          try {
            secret = await addPassword(tenant, application.objectId, {
              displayName: r.newSecretName ?? `Rotor rotation ${r.id}`,
              endDateTime: new Date(Date.now() + application.secretLifetimeDays * DAY_MS),
            });
          } catch (error) {
            // A 5xx or timeout may have created the secret after all: clean up by its name.
            await compensate(`Microsoft Graph did not add the new secret: ${azureSentence(error)}`);
            break;
          }
          await journal.advance({ state: "secret_created", newKeyId: secret.keyId, newSecretExpiresAt: new Date(secret.endDateTime) });
          await journal.say(`Created a new secret (key id ${secret.keyId}, expires ${secret.endDateTime.slice(0, 10)}).`);
          break;
        }
        case "secret_created": {
          if (!secret) {
            await compensate("Rotor stopped before the new secret was verified (restart).");
            break;
          }
          await journal.say("Waiting for Entra ID to accept the new secret…");
          const works = await waitUntilSecretWorks(
            { tenantId: tenant, appId: application.appId, secret: secret.secretText },
            { onAttempt: async (attempt) => {
                if (attempt % 4 === 0) await journal.renew();
              } },
          );
          if (!works) {
            await compensate("Entra ID did not accept the new secret in time.");
            break;
          }
          await journal.advance({ state: "verified" });
          await journal.say("Entra ID accepts the new secret.");
          break;
        }
        case "verified": {
          if (!binding) {
            await journal.say(`${skipReason}: the service connection was not touched.`, "warn");
            await journal.advance({ state: "connection_updated", ...(skipWarning ? { warning: skipWarning } : {}) });
            break;
          }
          await writeConnection({ journal, tenant, application, binding, secret, compensate });
          break;
        }
        case "connection_written": {
          if (binding) await testConnection({ journal, tenant, application, binding, compensate });
          else await journal.advance({ state: "connection_updated" });
          break;
        }
        case "connection_updated": {
          // Every line is written before the state turns final, so a poller that stops there misses none.
          const removeAfter = new Date(Date.now() + application.overlapHours * 3_600_000);
          if (application.overlapHours === 0) await removeOldSecrets(journal, tenant, application.objectId);
          else await journal.say(`The old secret(s) stay valid for ${application.overlapHours} hour(s) and are removed after ${removeAfter.toISOString().slice(0, 16)}Z.`);
          await journal.say("Rotation succeeded.");
          await journal.advance({ state: "succeeded", oldSecretsRemoveAfter: removeAfter });
          break;
        }
        case "compensating":
          await compensate(r.failureReason ?? "Rotor stopped while rolling back (restart).");
          break;
      }
    }
  } catch (error) {
    logger.error({ rotationId, err: (error as Error).message }, "rotation failed unexpectedly");
    const state = journal.rotation.state;
    if (state === "pending" || state === "secret_created") {
      await compensate(`Rotation stopped: ${azureSentence(error)}`).catch(() => undefined);
    } else if (!isFinished(state)) {
      // verified / connection_updated / compensating: the journal and the connection's stamp let a later run finish it.
      await journal.say(`Paused: ${azureSentence(error)}. The next run picks it up from here.`, "warn");
    }
  }
  clearInterval(heartbeat);
  if (isFinished(journal.rotation.state)) await audit(db, journal.rotation, { application, binding, skipReason });
  return journal.rotation;
}

/**
 * A rolled-back rotation whose new secret was not found: if Graph created it late (its unique
 * name shows it), remove it now. Returns true when nothing is left to look for.
 */
export async function removeLateSecret(journal: Journal, tenantId: string, application: { appId: string; objectId: string }): Promise<boolean> {
  try {
    const removed = await removeNewSecret(journal, tenantId, application);
    if (removed) await journal.say(`Removed the new secret Microsoft Graph created after the rollback (${removed}).`);
    return removed > 0;
  } catch (error) {
    logger.warn({ rotationId: journal.rotation.id, err: azureSentence(error) }, "could not look for a late secret yet");
    return false;
  }
}

/** Removes the rotation's new secret: by key id, or by its unique display name when the id was never recorded. */
async function removeNewSecret(journal: Journal, tenantId: string, application: { appId: string; objectId: string }): Promise<number> {
  const r = journal.rotation;
  const app = await getApplication(tenantId, application.appId);
  const named = app.passwordCredentials.filter((p) => p.displayName === r.newSecretName).map((p) => p.keyId);
  const ids = new Set([r.newKeyId, ...named].filter((id): id is string => !!id));
  for (const keyId of ids) await removePassword(tenantId, application.objectId, keyId);
  return ids.size;
}

/** Removes the secrets that were current when the rotation started; a failure is left for a later run. */
export async function removeOldSecrets(journal: Journal, tenantId: string, objectId: string): Promise<boolean> {
  const old = journal.rotation.oldKeyIds ?? [];
  try {
    for (const keyId of old) await removePassword(tenantId, objectId, keyId);
    await markOldSecretsRemoved(await getDb(), { rotationId: journal.rotation.id });
    await journal.say(old.length ? `Removed ${old.length} old secret(s).` : "There was no old secret to remove.");
    return true;
  } catch (error) {
    await journal.say(`Could not remove the old secret(s) yet: ${azureSentence(error)}. A later run will.`, "warn");
    return false;
  }
}

/** The rotation's audit entry; a failure to write it is logged, never turned into a failed rotation. */
async function audit(db: Db, rotation: Rotation, context: Parameters<typeof rotationAuditEntry>[2]): Promise<void> {
  try {
    await writeAudit(db, await rotationAuditEntry(db, rotation, context));
  } catch (error) {
    logger.error({ rotationId: rotation.id, err: (error as Error).message }, "could not write the rotation's audit entry");
  }
}
