import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { getChannel, recordChannelOutcome } from "@/db/queries/notification-channels";
import { insertLeasedMessage, markAttemptFailed, markDelivered } from "@/db/queries/notifications";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requireNotificationsAdmin, type NotificationsAdmin } from "./admin";
import { auditNotifications } from "./audit";
import { failureWords, sendThrough } from "./deliver";
import type { AlertMessage } from "./message";

export type TestOutcome = { ok: true; to: string } | { ok: false; to: string; reason: string };

/**
 * "Send a test": sends one message through the channel now and says what happened. It is kept in
 * the delivery log like any alert, and counts toward the channel's failing state.
 */
export async function sendTest(db: Db, admin: NotificationsAdmin & { email: string | null }, { id, to }: { id: string; to?: string }): Promise<TestOutcome> {
  requireNotificationsAdmin(admin);
  const channel = await getChannel(db, { tenantId: admin.tenantId, id });
  if (!channel) throw new AppError("not_found", "That channel does not exist (it may have been removed).");
  const recipient = channel.kind === "email" ? (to ?? admin.email) : "webhook";
  if (!recipient) throw new AppError("invalid_input", "Rotor knows no e-mail address of yours: enter one to send the test to.", { to: ["Enter an address."] });
  const now = new Date();
  const message: AlertMessage = {
    event: "test",
    title: `Test message from Rotor (${channel.name})`,
    lines: [`${admin.name} sent this test from System → Notifications.`, "Alerts about failed rotations, old secrets that could not be removed and expiring secrets arrive the same way."],
    occurredAt: now.toISOString(),
    tenantName: admin.tenantName,
    link: `${env().appUrl}/system/notifications`,
  };
  const owner = `test:${randomUUID()}`;
  const row = await insertLeasedMessage(db, {
    id: randomUUID(),
    tenantId: admin.tenantId,
    channelId: channel.id,
    recipient,
    eventType: "test",
    dedupKey: `test:${randomUUID()}`,
    message: message as unknown as Record<string, unknown>,
    nextAttemptAt: now,
    leaseOwner: owner,
    leaseExpiresAt: new Date(now.getTime() + 60_000),
  });
  const target = channel.kind === "email" ? recipient : (channel.webhookUrl ? new URL(channel.webhookUrl).host : "webhook");
  await auditNotifications(db, admin, { action: "notifications.test_sent", channel: { id: channel.id, name: channel.name }, changes: [`test to ${target}`] });
  try {
    await sendThrough(channel, recipient, message, row.id);
  } catch (error) {
    const reason = failureWords(error);
    await markAttemptFailed(db, { id: row.id, owner, error: reason, retryAt: null });
    await recordChannelOutcome(db, { id: channel.id, error: reason });
    return { ok: false, to: target, reason };
  }
  await markDelivered(db, { id: row.id, owner, now: new Date() });
  await recordChannelOutcome(db, { id: channel.id, error: null });
  return { ok: true, to: target };
}
