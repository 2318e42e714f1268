"use server";

import { removeChannel as run } from "@/lib/notify/remove-channel";
import { channelIdSchema } from "@/lib/validations/notifications";
import { notificationsAction } from "./notifications-action";

/** Removes one of the admin's tenant's alert channels. */
export const removeChannel = notificationsAction("removeChannel", channelIdSchema, run);
