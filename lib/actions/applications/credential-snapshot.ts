"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { refreshTenantSnapshots } from "@/lib/applications/credential-snapshots";
import { listAddableApplications, type AddableApplication } from "@/lib/applications/list";
import { listAddableSchema, refreshCredentialsSchema } from "@/lib/validations/applications";
import { revalidatePath } from "next/cache";

/**
 * Refresh on the Applications page and the expiry overview: reads every owned application's client secrets of the
 * person's own tenant from Entra ID (one Graph call) into the snapshot the page shows. Anyone signed
 * in may ask; each still sees only the rows they saw before.
 */
export const refreshCredentials = safeAction({
  name: "refreshCredentials",
  schema: refreshCredentialsSchema,
  handler: async (_input, user): Promise<{ takenAt: string }> => {
    const takenAt = await refreshTenantSnapshots(await getDb(), user.tenantId);
    revalidatePath("/applications");
    revalidatePath("/expiry");
    return { takenAt: takenAt.toISOString() };
  },
});

/** Add application (admins): asked when the dialog opens, so the page itself makes no Graph call. */
export const listAddable = safeAction({
  name: "listAddable",
  schema: listAddableSchema,
  role: "admin",
  handler: async (_input, admin): Promise<AddableApplication[]> => listAddableApplications(await getDb(), admin.tenantId),
});
