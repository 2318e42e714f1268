import "server-only";
import type { Db } from "@/db";
import { listOwnerOids, listTenantApplications } from "@/db/queries/applications";
import { getNotificationSettings, listTenantsWithChannels } from "@/db/queries/notification-channels";
import { isEventRecorded, recordEvent } from "@/db/queries/notifications";
import { latestRotations } from "@/db/queries/rotations";
import { getTenant } from "@/db/queries/tenants";
import type { Application } from "@/db/schema";
import { getApplication, type PasswordCredential } from "@/lib/azure/graph";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { enqueueAlert } from "./enqueue";

const DAY_MS = 86_400_000;

/**
 * The reminder a secret is due, if any: the smallest of the tenant's reminder days (default 14 and
 * 3) that its days left have reached. One reminder per secret and threshold, so a secret expiring
 * in 5 days is reminded once (at 14), then once more at 3 — never once per run, at most daily.
 */
export function reminderThreshold(expiresAt: Date, now: Date, reminderDays: number[]): number | null {
  const left = (expiresAt.getTime() - now.getTime()) / DAY_MS;
  if (left <= 0) return null;
  const reached = reminderDays.filter((d) => left <= d);
  return reached.length ? Math.min(...reached) : null;
}

/** Why Rotor will not replace the application's secrets in time, or null when its schedule will. */
export function whyNotRotated(app: Pick<Application, "scheduleEnabled">, lastState: string | undefined): string | null {
  if (!app.scheduleEnabled) return "its schedule is off";
  if (lastState === "failed") return "its last rotation failed";
  return null;
}

/**
 * Expiry reminders for the tenants with a channel: each managed application Rotor will not rotate
 * in time, whose secret has reached a reminder day. Reads the secrets from Entra ID (only for those
 * applications; the stored credential snapshot replaces this read once it exists).
 */
export async function announceExpiringSecrets(db: Db, now = new Date(), { readCredentials = readFromEntra }: { readCredentials?: (tenantId: string, app: Application) => Promise<PasswordCredential[]> } = {}): Promise<number> {
  let announced = 0;
  for (const tenantId of await listTenantsWithChannels(db)) {
    const { reminderDays } = await getNotificationSettings(db, { tenantId });
    const apps = await listTenantApplications(db, { tenantId });
    const latest = await latestRotations(db, { applicationIds: apps.map((a) => a.id) });
    for (const app of apps) {
      const why = whyNotRotated(app, latest.get(app.id)?.state);
      if (!why) continue;
      let credentials: PasswordCredential[];
      try {
        credentials = await readCredentials(tenantId, app);
      } catch (error) {
        logger.warn({ tenantId, applicationId: app.id, err: (error as Error).message }, "alerts: could not read an application's secrets for expiry reminders; the next pass tries again");
        continue;
      }
      for (const credential of credentials) {
        const expiresAt = new Date(credential.endDateTime);
        const threshold = reminderThreshold(expiresAt, now, reminderDays);
        if (threshold === null) continue;
        const sourceId = `${app.id}:${credential.keyId}:${threshold}`;
        if (await isEventRecorded(db, { type: "secret.expiring", sourceId })) continue;
        const days = Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
        await enqueueAlert(db, {
          tenantId,
          event: "secret.expiring",
          dedupKey: `secret.expiring:${sourceId}`,
          ownerOids: await listOwnerOids(db, { applicationId: app.id }),
          now,
          message: {
            event: "secret.expiring",
            title: `A secret of ${app.displayName} expires in ${days} day${days === 1 ? "" : "s"}`,
            lines: [
              `The secret ${credential.displayName ?? credential.hint ?? credential.keyId} of ${app.displayName} (${app.appId}) expires on ${expiresAt.toISOString().slice(0, 10)}.`,
              `Rotor will not replace it in time: ${why}.`,
              "Turn the schedule on or fix what failed, or rotate it now.",
            ],
            occurredAt: now.toISOString(),
            tenantName: (await getTenant(db, { tenantId }))?.name ?? "your tenant",
            application: { id: app.id, name: app.displayName, appId: app.appId },
            link: `${env().appUrl}/applications`,
          },
        });
        await recordEvent(db, { tenantId, type: "secret.expiring", sourceId });
        announced++;
      }
    }
  }
  return announced;
}

async function readFromEntra(tenantId: string, app: Application): Promise<PasswordCredential[]> {
  return (await getApplication(tenantId, app.appId)).passwordCredentials;
}
