"use server";

import { saveAlertSettings as run } from "@/lib/notify/save-alert-settings";
import { alertSettingsSchema } from "@/lib/validations/notifications";
import { notificationsAction } from "./notifications-action";

/** Saves admin addresses, expiry reminder days and the due-run summary opt-in. */
export const saveAlertSettings = notificationsAction("saveAlertSettings", alertSettingsSchema, run);
