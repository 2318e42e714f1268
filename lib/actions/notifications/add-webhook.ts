"use server";

import { addWebhook as run } from "@/lib/notify/add-webhook";
import { webhookChannelSchema } from "@/lib/validations/notifications";
import { notificationsAction } from "./notifications-action";

/** Adds a webhook; its signing secret comes back in this one result, for the admin to copy. */
export const addWebhook = notificationsAction("addWebhook", webhookChannelSchema, run);
