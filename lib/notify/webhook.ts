import type { WebhookFormat } from "@/db/schema";
import type { AlertMessage } from "./message";
import { pinnedPost } from "./pinned-post";
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";
import type { TargetPolicy } from "./target-guard";

/** The body a webhook receives, in the channel's format. */
export function webhookBody(format: WebhookFormat, message: AlertMessage, deliveryId: string): string {
  const text = message.lines.join("\n");
  const link = message.link ? `\n${message.link}` : "";
  switch (format) {
    case "slack":
      // Slack incoming webhooks: `text` is the notification fallback; blocks carry the layout.
      return JSON.stringify({
        text: `${message.title}`,
        blocks: [
          { type: "header", text: { type: "plain_text", text: message.title.slice(0, 150) } },
          { type: "section", text: { type: "mrkdwn", text: `${text}${message.link ? `\n<${message.link}|Open in Rotor>` : ""}` } },
        ],
      });
    case "teams":
      // Teams incoming webhooks (and Workflows) take a message with an Adaptive Card attachment.
      return JSON.stringify({
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: {
              $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
              type: "AdaptiveCard",
              version: "1.4",
              body: [
                { type: "TextBlock", text: message.title, weight: "Bolder", size: "Medium", wrap: true },
                ...message.lines.map((line) => ({ type: "TextBlock", text: line, wrap: true })),
              ],
              actions: message.link ? [{ type: "Action.OpenUrl", title: "Open in Rotor", url: message.link }] : [],
            },
          },
        ],
      });
    case "generic":
      return JSON.stringify({
        id: deliveryId,
        event: message.event,
        occurredAt: message.occurredAt,
        tenant: message.tenantName,
        title: message.title,
        text: `${text}${link}`,
        application: message.application ?? null,
        rotationId: message.rotationId ?? null,
        link: message.link ?? null,
      });
  }
}

export type WebhookTarget = { url: string; format: WebhookFormat; signingSecret: string | null; policy: TargetPolicy };

/** Delivers one message; resolves when the receiver answered 2xx, throws with a readable reason otherwise. */
export async function sendWebhook(target: WebhookTarget, message: AlertMessage, deliveryId: string, now = Date.now()): Promise<void> {
  const body = webhookBody(target.format, message, deliveryId);
  const headers: Record<string, string> = { "x-rotor-event": message.event, "x-rotor-delivery": deliveryId };
  if (target.format === "generic" && target.signingSecret) {
    const timestamp = Math.floor(now / 1000);
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[SIGNATURE_HEADER] = signBody(target.signingSecret, body, timestamp);
  }
  const answer = await pinnedPost(target.url, { body, headers, policy: target.policy });
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(`The webhook answered HTTP ${answer.status}${answer.status >= 300 && answer.status < 400 ? " (a redirect without a Location)" : ""}.`);
  }
}
