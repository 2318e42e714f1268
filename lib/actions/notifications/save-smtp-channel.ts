"use server";

import { saveSmtpChannel as run } from "@/lib/notify/save-smtp-channel";
import { smtpChannelSchema } from "@/lib/validations/notifications";
import { notificationsAction } from "./notifications-action";

/** Saves the admin's tenant's SMTP server for alerts (the password is sealed and never comes back). */
export const saveSmtpChannel = notificationsAction("saveSmtpChannel", smtpChannelSchema, run);
