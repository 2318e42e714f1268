"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { revokeTenantApiKey } from "@/lib/api-keys/manage";
import { revokeApiKeySchema } from "@/lib/validations/api-keys";
import { revalidatePath } from "next/cache";

/** Revokes one of the admin's tenant's keys; calls with it fail from the next request on. */
export const revokeApiKey = safeAction({
  name: "revokeApiKey",
  schema: revokeApiKeySchema,
  role: "admin",
  handler: async (input, admin) => {
    const row = await revokeTenantApiKey(await getDb(), { tenantId: admin.tenantId, id: input.id, actor: admin });
    revalidatePath("/system/api-keys");
    revalidatePath("/audit");
    return { id: row.id, name: row.name };
  },
});
