import { z } from "zod";
import { smtpTlsModes, webhookFormats } from "@/db/schema";
import { alertEvents } from "@/lib/notify/message";

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} is at most ${max} characters.`)
    .refine((value) => value.isWellFormed(), `${what[0]!.toUpperCase()}${what.slice(1)} cannot contain broken Unicode characters.`);

const email = z.email({ error: "Enter an e-mail address such as alerts@contoso.com." }).max(254);
/** A host name or IP address, nothing more (no scheme, port or path). */
const hostName = text("the SMTP host", 253)
  .pipe(z.string().min(1, "Enter the SMTP host, e.g. smtp.office365.com."))
  .refine((h) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i.test(h), "Enter the host name alone, e.g. smtp.office365.com (no scheme, port or path).");

/** System → Notifications → E-mail: the tenant's SMTP server. An empty password keeps the stored one. */
export const smtpChannelSchema = z
  .object({
    host: hostName,
    port: z.coerce.number({ error: "Enter a port number." }).int("Enter a whole port number.").min(1, "Ports run from 1 to 65535.").max(65535, "Ports run from 1 to 65535."),
    tlsMode: z.enum(smtpTlsModes, { error: "Pick how the connection is encrypted." }),
    user: text("the user name", 254),
    password: z.string().max(1024, "The password is at most 1024 characters.").optional(),
    removePassword: z.boolean().default(false),
    from: email,
    enabled: z.boolean().default(true),
    allowPrivateTargets: z.boolean().default(false),
  })
  .strict();

const eventList = z.array(z.enum(alertEvents, { error: "Pick events from the list." })).min(1, "Subscribe the webhook to at least one event.").max(alertEvents.length);

/** A new webhook; its signing secret is made by Rotor and shown once. */
export const webhookChannelSchema = z
  .object({
    name: text("a name", 80).pipe(z.string().min(1, "Give the webhook a name, e.g. “#platform-alerts in Slack”.")),
    url: z.string({ error: "Enter the webhook URL." }).trim().min(1, "Enter the webhook URL.").max(2000, "The URL is at most 2000 characters."),
    format: z.enum(webhookFormats, { error: "Pick a payload format." }),
    events: eventList,
    allowPrivateTargets: z.boolean().default(false),
  })
  .strict();

export const channelIdSchema = z.object({ id: z.uuid({ error: "That channel does not exist." }) }).strict();

export const sendTestSchema = z
  .object({ id: z.uuid({ error: "That channel does not exist." }), to: email.optional() })
  .strict();

/** Who receives admin alerts by e-mail, the reminder days and the opt-in due-run summary. */
export const alertSettingsSchema = z
  .object({
    adminAddresses: z.array(email).max(20, "At most 20 admin addresses."),
    reminderDays: z
      .array(z.coerce.number().int("Days are whole numbers.").min(1, "Remind at least 1 day ahead.").max(90, "Remind at most 90 days ahead."))
      .min(1, "Keep at least one reminder day.")
      .max(5, "At most 5 reminder days.")
      .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
    dueRunSummary: z.boolean(),
  })
  .strict();

export type SmtpChannelInput = z.input<typeof smtpChannelSchema>;
export type WebhookChannelInput = z.input<typeof webhookChannelSchema>;
export type AlertSettingsInput = z.input<typeof alertSettingsSchema>;
