"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { removeChannel } from "@/lib/actions/notifications/remove-channel";
import { EVENT_LABELS, type EventType } from "@/lib/notify/message";
import type { WebhookView } from "@/lib/notify/page-data";
import { Trash2 } from "lucide-react";
import { ChannelHealthBadge, ChannelHealthDetail } from "./channel-health";
import { SendTestButton } from "./send-test-button";

const FORMAT_WORDS = { generic: "Generic JSON", teams: "Microsoft Teams", slack: "Slack" } as const;

/** The tenant's webhooks, each with its health, its events, "Send a test" and Remove. */
export function WebhookList({ webhooks }: { webhooks: WebhookView[] }) {
  if (!webhooks.length) return <p className="px-4 py-5 text-sm text-slate-500 sm:px-6">No webhook yet. Add one below to post alerts to Teams, Slack or your own receiver.</p>;
  return (
    <ul className="divide-y divide-slate-200">
      {webhooks.map((hook) => (
        <li key={hook.id} className="flex flex-wrap items-start justify-between gap-4 px-4 py-4 sm:px-6" data-testid="webhook-row">
          <div className="min-w-0 space-y-1">
            <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
              {hook.name} <ChannelHealthBadge health={hook.health} />
              <Badge tone="brand">{FORMAT_WORDS[hook.format]}</Badge>
              {hook.signed ? <Badge>Signed</Badge> : null}
              {hook.allowPrivateTargets ? <Badge tone="warning">Private target allowed</Badge> : null}
            </p>
            <p className="truncate font-mono text-xs text-slate-600">{hook.target}</p>
            <p className="text-sm text-slate-600">{hook.events.map((e) => EVENT_LABELS[e as EventType] ?? e).join(" · ")}</p>
            <ChannelHealthDetail health={hook.health} />
          </div>
          <div className="flex items-start gap-2">
            <SendTestButton channelId={hook.id} channelName={hook.name} />
            <ConfirmDialog
              trigger={
                <Button type="button" variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" aria-label={`Remove ${hook.name}`}>
                  <Trash2 aria-hidden />
                  Remove
                </Button>
              }
              title={<>Remove “{hook.name}”?</>}
              description="Rotor stops posting alerts there; messages still queued for it are dropped."
              confirmLabel="Remove webhook"
              pendingLabel="Removing…"
              onConfirm={() => removeChannel({ id: hook.id })}
              onDone={() => document.getElementById("webhooks-heading")?.focus()}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}
