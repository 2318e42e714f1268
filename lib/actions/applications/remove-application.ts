"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { removeManagedApplication } from "@/lib/applications/remove-application";
import { removeApplicationSchema } from "@/lib/validations/applications";
import { revalidatePath } from "next/cache";

/** Remove from Rotor (admins, own tenant only); nothing is deleted in Entra ID. */
export const removeApplication = safeAction({
  name: "removeApplication",
  schema: removeApplicationSchema,
  role: "admin",
  handler: async (input, admin) => {
    const app = await removeManagedApplication(await getDb(), admin, input);
    revalidatePath("/applications");
    revalidatePath("/audit");
    return { id: app.id, displayName: app.displayName };
  },
});
