import "server-only";
import type { Db } from "@/db";
import { getChannel, recordChannelOutcome } from "@/db/queries/notification-channels";
import { claimDueMessages, markAttemptFailed, markDelivered } from "@/db/queries/notifications";
import type { NotificationChannel, OutboxRow } from "@/db/schema";
import { channelSecretContext } from "@/lib/crypto/contexts";
import { open } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { sendEmail } from "./email";
import type { AlertMessage } from "./message";
import type { TargetPolicy } from "./target-guard";
import { sendWebhook } from "./webhook";

/** Attempts per message before it is given up as failed (about an hour and a half of retries). */
export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

/** Backoff after the n-th failed attempt: 30 s, 1, 2, 4, 8, 16, 32 min (capped at an hour), ±20 %. */
export function retryDelayMs(failedAttempts: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** (failedAttempts - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function targetPolicy(channel: Pick<NotificationChannel, "allowPrivateTargets">): TargetPolicy {
  return { allowPrivateTargets: channel.allowPrivateTargets, allowHttp: env().profile === "embedded" };
}

function secretOf(channel: NotificationChannel): string | null {
  return channel.secretSealed ? open(env().keyring, channel.secretSealed, channelSecretContext(channel.id)) : null;
}

/** Sends one message through its channel; throws with a reason an admin can read (never a secret). */
export async function sendThrough(channel: NotificationChannel, recipient: string, message: AlertMessage, deliveryId: string): Promise<void> {
  if (channel.kind === "email") {
    await sendEmail(
      {
        host: channel.smtpHost!,
        port: channel.smtpPort!,
        tlsMode: channel.smtpTlsMode ?? "starttls",
        user: channel.smtpUser,
        password: secretOf(channel),
        from: channel.mailFrom!,
        policy: targetPolicy(channel),
      },
      recipient,
      message,
      deliveryId,
    );
  } else {
    await sendWebhook({ url: channel.webhookUrl!, format: channel.webhookFormat ?? "generic", signingSecret: secretOf(channel), policy: targetPolicy(channel) }, message, deliveryId);
  }
}

/** An SMTP or HTTP error in words, without what the library may have echoed of a login. */
export function failureWords(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/(AUTH\s+\S+)\s+\S+/gi, "$1 [redacted]").slice(0, 500);
}

/**
 * One pass of the delivery worker: claims due messages (a lease, so a crashed worker's rows are
 * claimed again once it runs out) and sends each. A delivered message is acknowledged and never
 * sent again; a failure is retried with backoff, then marked failed. Never throws for a channel's sake.
 */
export async function deliverDueMessages(db: Db, { owner, now = new Date(), limit = 10 }: { owner: string; now?: Date; limit?: number }): Promise<{ delivered: number; failed: number }> {
  const claimed = await claimDueMessages(db, { owner, now, leaseUntil: new Date(now.getTime() + LEASE_MS), limit });
  let delivered = 0;
  let failed = 0;
  for (const row of claimed) {
    if (await deliverOne(db, row, owner, now)) delivered++;
    else failed++;
  }
  return { delivered, failed };
}

async function deliverOne(db: Db, row: OutboxRow, owner: string, now: Date): Promise<boolean> {
  const channel = await getChannel(db, { tenantId: row.tenantId, id: row.channelId });
  try {
    if (!channel) throw new Error("The channel was removed.");
    if (!channel.enabled) throw new Error("The channel is turned off.");
    await sendThrough(channel, row.recipient, row.message as unknown as AlertMessage, row.id);
  } catch (error) {
    const words = failureWords(error);
    const attempts = row.attempts + 1;
    const retryAt = attempts < MAX_ATTEMPTS && channel?.enabled ? new Date(now.getTime() + retryDelayMs(attempts)) : null;
    await markAttemptFailed(db, { id: row.id, owner, error: words, retryAt });
    if (channel) await recordChannelOutcome(db, { id: channel.id, error: words, now });
    return false;
  }
  await markDelivered(db, { id: row.id, owner, now });
  await recordChannelOutcome(db, { id: channel.id, error: null, now });
  return true;
}
