"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { createApiKey as create } from "@/lib/api-keys/manage";
import { createApiKeySchema } from "@/lib/validations/api-keys";
import { revalidatePath } from "next/cache";

export type CreatedApiKey = { id: string; name: string; prefix: string; key: string };

/**
 * Creates a scheduler API key in the admin's tenant. The whole key travels back in this one
 * result, for the admin to copy; Rotor keeps only its hash and never shows it again.
 */
export const createApiKey = safeAction({
  name: "createApiKey",
  schema: createApiKeySchema,
  role: "admin",
  handler: async (input, admin): Promise<CreatedApiKey> => {
    const { record, key } = await create(await getDb(), { tenantId: admin.tenantId, name: input.name, actor: admin });
    revalidatePath("/system/api-keys");
    revalidatePath("/audit");
    return { id: record.id, name: record.name, prefix: record.prefix, key };
  },
});
