"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { saveSettings } from "@/lib/applications/save-settings";
import { applicationSettingsSchema } from "@/lib/validations/application-settings";
import { revalidatePath } from "next/cache";

/** The dialog's Save: the use case is lib/applications/save-settings.ts. */
export const saveApplicationSettingsAction = safeAction({
  name: "saveApplicationSettings",
  schema: applicationSettingsSchema,
  handler: async (input, user) => {
    const saved = await saveSettings(await getDb(), user, input);
    revalidatePath("/applications");
    return { devopsEnabled: saved.devopsEnabled, endpointName: saved.devopsEndpointName };
  },
});
