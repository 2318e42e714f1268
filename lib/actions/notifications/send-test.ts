"use server";

import { sendTest as run } from "@/lib/notify/send-test";
import { sendTestSchema } from "@/lib/validations/notifications";
import { notificationsAction } from "./notifications-action";

/** "Send a test" through one of the admin's tenant's channels; answers whether it arrived and why not. */
export const sendTest = notificationsAction("sendTest", sendTestSchema, run);
