import "server-only";
import type { Db } from "@/db";
import { getNotificationSettings, listChannels } from "@/db/queries/notification-channels";
import type { NotificationChannel, SmtpTlsMode, WebhookFormat } from "@/db/schema";

/** After this many failures in a row a channel shows as failing (one may be a blip). */
export const FAILING_AFTER = 3;

export type ChannelHealth = {
  state: "working" | "failing" | "last_failed" | "unused";
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
};

export type SmtpView = { id: string; host: string; port: number; tlsMode: SmtpTlsMode; user: string; from: string; enabled: boolean; allowPrivateTargets: boolean; hasPassword: boolean; health: ChannelHealth };
export type WebhookView = { id: string; name: string; target: string; format: WebhookFormat; events: string[]; enabled: boolean; allowPrivateTargets: boolean; signed: boolean; health: ChannelHealth };

export function healthOf(channel: NotificationChannel): ChannelHealth {
  const state =
    channel.consecutiveFailures >= FAILING_AFTER ? "failing" : channel.consecutiveFailures > 0 ? "last_failed" : channel.lastSuccessAt ? "working" : "unused";
  return {
    state,
    consecutiveFailures: channel.consecutiveFailures,
    lastError: channel.consecutiveFailures > 0 ? channel.lastError : null,
    lastSuccessAt: channel.lastSuccessAt?.toISOString() ?? null,
    lastFailureAt: channel.lastFailureAt?.toISOString() ?? null,
  };
}

/** A webhook URL as the page shows it: scheme, host and the path's start. Slack and Teams URLs carry a token in the path. */
export function shownTarget(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.length > 18 ? `${parsed.pathname.slice(0, 14)}…` : parsed.pathname;
  return `${parsed.protocol}//${parsed.host}${path}`;
}

/** System → Notifications' narrow props: no sealed value, no full webhook URL. */
export async function loadNotificationsPage(db: Db, { tenantId }: { tenantId: string }) {
  const channels = await listChannels(db, { tenantId });
  const email = channels.find((c) => c.kind === "email");
  const smtp: SmtpView | null = email
    ? {
        id: email.id,
        host: email.smtpHost ?? "",
        port: email.smtpPort ?? 587,
        tlsMode: email.smtpTlsMode ?? "starttls",
        user: email.smtpUser ?? "",
        from: email.mailFrom ?? "",
        enabled: email.enabled,
        allowPrivateTargets: email.allowPrivateTargets,
        hasPassword: email.secretSealed !== null,
        health: healthOf(email),
      }
    : null;
  const webhooks: WebhookView[] = channels
    .filter((c) => c.kind === "webhook")
    .map((c) => ({
      id: c.id,
      name: c.name,
      target: shownTarget(c.webhookUrl!),
      format: c.webhookFormat ?? "generic",
      events: c.events,
      enabled: c.enabled,
      allowPrivateTargets: c.allowPrivateTargets,
      signed: c.secretSealed !== null,
      health: healthOf(c),
    }));
  return { smtp, webhooks, settings: await getNotificationSettings(db, { tenantId }) };
}
