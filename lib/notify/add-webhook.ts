import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { withTransaction } from "@/db/transaction";
import { insertChannel } from "@/db/queries/notification-channels";
import { channelSecretContext } from "@/lib/crypto/contexts";
import { seal } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { webhookChannelSchema } from "@/lib/validations/notifications";
import type { z } from "zod";
import { requireNotificationsAdmin, type NotificationsAdmin } from "./admin";
import { auditNotifications } from "./audit";
import { targetPolicy } from "./deliver";
import { newSigningSecret } from "./signature";
import { checkTargetUrl, TargetRefusedError } from "./target-guard";

export type AddedWebhook = { id: string; name: string; signingSecret: string | null };

/**
 * Adds a webhook after checking its target (https, and no loopback, link-local or private address
 * unless allowed). A generic webhook gets a signing secret, returned here once and stored sealed.
 */
export async function addWebhook(db: Db, admin: NotificationsAdmin, input: z.output<typeof webhookChannelSchema>): Promise<AddedWebhook> {
  requireNotificationsAdmin(admin);
  let url: URL;
  try {
    url = (await checkTargetUrl(input.url, targetPolicy({ allowPrivateTargets: input.allowPrivateTargets }))).url;
  } catch (error) {
    if (error instanceof TargetRefusedError) throw new AppError("invalid_input", error.message, { url: [error.message] });
    throw error;
  }
  const id = randomUUID();
  const signingSecret = input.format === "generic" ? newSigningSecret() : null;
  await withTransaction(db, async (tx) => {
  await insertChannel(tx, {
    id,
    tenantId: admin.tenantId,
    kind: "webhook",
    name: input.name,
    webhookUrl: url.toString(),
    webhookFormat: input.format,
    events: input.events,
    allowPrivateTargets: input.allowPrivateTargets,
    secretSealed: signingSecret ? seal(env().keyring, signingSecret, channelSecretContext(id)) : null,
    createdBy: admin.id,
  });
  // The host only: a Slack or Teams webhook URL carries its own token in the path.
  await auditNotifications(tx, admin, { action: "notifications.webhook_added", channel: { id, name: input.name }, changes: [`${input.format} webhook to ${url.host}`, `events: ${input.events.join(", ")}`] });
  });
  return { id, name: input.name, signingSecret };
}
