import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { withTransaction } from "@/db/transaction";
import { getEmailChannel, insertChannel, updateChannel } from "@/db/queries/notification-channels";
import type { NotificationChannel } from "@/db/schema";
import { channelSecretContext } from "@/lib/crypto/contexts";
import { seal } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { smtpChannelSchema } from "@/lib/validations/notifications";
import type { z } from "zod";
import { requireNotificationsAdmin, type NotificationsAdmin } from "./admin";
import { auditNotifications } from "./audit";
import { targetPolicy } from "./deliver";
import { resolveTarget, TargetRefusedError } from "./target-guard";

/**
 * Saves the tenant's SMTP server. The host is checked like a webhook target before it is stored;
 * the password is sealed (bound to the channel's row) and never read back to a page; an empty
 * password keeps the stored one.
 */
export async function saveSmtpChannel(db: Db, admin: NotificationsAdmin, input: z.output<typeof smtpChannelSchema>): Promise<{ changed: string[] }> {
  requireNotificationsAdmin(admin);
  try {
    await resolveTarget(input.host, targetPolicy({ allowPrivateTargets: input.allowPrivateTargets }));
  } catch (error) {
    if (error instanceof TargetRefusedError) throw new AppError("invalid_input", error.message, { host: [error.message] });
    throw error;
  }
  const current = await getEmailChannel(db, { tenantId: admin.tenantId });
  const id = current?.id ?? randomUUID();
  const secretSealed =
    input.password ? seal(env().keyring, input.password, channelSecretContext(id)) : input.removePassword ? null : (current?.secretSealed ?? null);
  const values = {
    smtpHost: input.host,
    smtpPort: input.port,
    smtpTlsMode: input.tlsMode,
    smtpUser: input.user || null,
    mailFrom: input.from,
    enabled: input.enabled,
    allowPrivateTargets: input.allowPrivateTargets,
    secretSealed,
  };
  const changed = describeChanges(current, values, !!input.password);
  await withTransaction(db, async (tx) => {
    if (current) await updateChannel(tx, { tenantId: admin.tenantId, id, change: values });
    else await insertChannel(tx, { id, tenantId: admin.tenantId, kind: "email", name: "E-mail (SMTP)", createdBy: admin.id, ...values });
    if (changed.length) await auditNotifications(tx, admin, { action: "notifications.smtp_saved", channel: { id, name: "E-mail (SMTP)" }, changes: changed });
  });
  return { changed };
}

function describeChanges(current: NotificationChannel | null, next: Record<string, unknown> & { secretSealed: string | null }, newPassword: boolean): string[] {
  if (!current) return ["SMTP server added", `${next.smtpHost}:${next.smtpPort} (${next.smtpTlsMode})`, ...(newPassword ? ["password set"] : [])];
  const changes: string[] = [];
  if (current.smtpHost !== next.smtpHost || current.smtpPort !== next.smtpPort) changes.push(`server ${next.smtpHost}:${next.smtpPort}`);
  if (current.smtpTlsMode !== next.smtpTlsMode) changes.push(`TLS ${next.smtpTlsMode}`);
  if (current.smtpUser !== next.smtpUser) changes.push(next.smtpUser ? `user ${next.smtpUser}` : "no login");
  if (current.mailFrom !== next.mailFrom) changes.push(`sender ${next.mailFrom}`);
  if (current.enabled !== next.enabled) changes.push(next.enabled ? "turned on" : "turned off");
  if (current.allowPrivateTargets !== next.allowPrivateTargets) changes.push(next.allowPrivateTargets ? "private targets allowed" : "private targets refused");
  if (newPassword) changes.push(current.secretSealed ? "password replaced" : "password set");
  else if (current.secretSealed && !next.secretSealed) changes.push("password removed");
  return changes;
}
