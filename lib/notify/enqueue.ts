import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { getNotificationSettings, listChannels } from "@/db/queries/notification-channels";
import { enqueueMessages, type OutboxInsert } from "@/db/queries/notifications";
import { resolveOwnerContacts } from "@/lib/owners/contacts";
import type { AlertEvent, AlertMessage } from "./message";

/**
 * Queues one event for everyone who receives it: by e-mail (through the tenant's SMTP channel,
 * when it is on) the application's owners with a known address and the tenant's admin addresses,
 * each address once; and every webhook subscribed to the event. `dedupKey` makes the event one
 * message per recipient however often it is queued. Answers how many messages were added.
 */
export async function enqueueAlert(
  db: Db,
  { tenantId, event, dedupKey, message, ownerOids = [], now = new Date() }: { tenantId: string; event: AlertEvent; dedupKey: string; message: AlertMessage; ownerOids?: string[]; now?: Date },
): Promise<number> {
  const channels = (await listChannels(db, { tenantId })).filter((c) => c.enabled);
  const rows: OutboxInsert[] = [];
  const row = (channelId: string, recipient: string): OutboxInsert => ({
    id: randomUUID(),
    tenantId,
    channelId,
    recipient,
    eventType: event,
    dedupKey,
    message: message as unknown as Record<string, unknown>,
    nextAttemptAt: now,
  });
  const email = channels.find((c) => c.kind === "email");
  if (email) {
    const settings = await getNotificationSettings(db, { tenantId });
    const owners = ownerOids.length ? await resolveOwnerContacts(db, { tenantId, oids: ownerOids }) : new Map();
    const addresses = new Set<string>();
    for (const contact of owners.values()) if (contact.email) addresses.add(contact.email.toLowerCase());
    for (const address of settings.adminAddresses) addresses.add(address.toLowerCase());
    for (const address of addresses) rows.push(row(email.id, address));
  }
  for (const hook of channels.filter((c) => c.kind === "webhook" && c.events.includes(event))) rows.push(row(hook.id, "webhook"));
  return (await enqueueMessages(db, rows)).length;
}
