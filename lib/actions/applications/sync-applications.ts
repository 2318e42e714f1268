"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { describeSync, syncManagedApplications } from "@/lib/applications/sync-applications";
import { syncApplicationsSchema } from "@/lib/validations/applications";
import { revalidatePath } from "next/cache";

/** Sync with Entra (admins): refreshes names and owners of the tenant's managed applications. */
export const syncApplications = safeAction({
  name: "syncApplications",
  schema: syncApplicationsSchema,
  role: "admin",
  handler: async (_input, admin) => {
    const summary = await syncManagedApplications(await getDb(), admin);
    revalidatePath("/applications");
    revalidatePath("/audit");
    return { ...summary, sentence: describeSync(summary).join("; ") };
  },
});
