import { AddWebhookForm } from "@/components/notifications/add-webhook-form";
import { AlertSettingsForm } from "@/components/notifications/alert-settings-form";
import { ChannelHealthBadge, ChannelHealthDetail } from "@/components/notifications/channel-health";
import { SendTestButton } from "@/components/notifications/send-test-button";
import { SmtpForm } from "@/components/notifications/smtp-form";
import { WebhookList } from "@/components/notifications/webhook-list";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireAdmin } from "@/lib/auth/session";
import { loadNotificationsPage } from "@/lib/notify/page-data";
import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const admin = await requireAdmin();
  const { smtp, webhooks, settings } = await loadNotificationsPage(await getDb(), { tenantId: admin.tenantId });
  return (
    <>
      <PageHeader
        title="Notifications"
        description={`Who hears about failed rotations, old secrets that could not be removed and secrets about to expire in ${admin.tenantName}.`}
        actions={
          <Link href="/system/notifications/deliveries" className="inline-flex items-center gap-2 text-sm font-medium text-brand-700 hover:underline">
            <ScrollText className="size-4" aria-hidden /> Delivery log
          </Link>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2">
              E-mail (SMTP) {smtp ? <ChannelHealthBadge health={smtp.health} /> : null}
            </CardTitle>
            <CardDescription>
              Alerts go to the application&apos;s owners (their address from Entra ID) and to the admin addresses below. Changes are written to the audit log.
            </CardDescription>
            {smtp ? <ChannelHealthDetail health={smtp.health} /> : null}
          </CardHeader>
          <SmtpForm smtp={smtp} />
          {smtp ? (
            <div className="border-t border-slate-200 px-4 py-4 sm:px-6">
              <p className="mb-2 text-sm text-slate-600">Sends a test message to {admin.email ?? "you"} through this server.</p>
              <SendTestButton channelId={smtp.id} channelName="the SMTP server" />
            </div>
          ) : null}
        </Card>
        <Card>
          <CardHeader>
            <CardTitle id="webhooks-heading" tabIndex={-1} className="outline-none">
              Webhooks
            </CardTitle>
            <CardDescription>Microsoft Teams, Slack, or your own receiver (generic JSON, signed with HMAC-SHA256).</CardDescription>
          </CardHeader>
          <WebhookList webhooks={webhooks} />
          <div className="border-t border-slate-200">
            <AddWebhookForm />
          </div>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Alert settings</CardTitle>
            <CardDescription>Each alert reaches each recipient once; a reminder repeats at most daily.</CardDescription>
          </CardHeader>
          <AlertSettingsForm settings={settings} />
        </Card>
      </div>
    </>
  );
}
