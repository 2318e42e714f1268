"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { addManagedApplication } from "@/lib/applications/add-application";
import { addApplicationSchema } from "@/lib/validations/applications";
import { revalidatePath } from "next/cache";

/** Add application (admins): Rotor's service principal must own it in Entra ID; see addManagedApplication. */
export const addApplication = safeAction({
  name: "addApplication",
  schema: addApplicationSchema,
  role: "admin",
  handler: async (input, admin) => {
    const app = await addManagedApplication(await getDb(), admin, input);
    revalidatePath("/applications");
    revalidatePath("/audit");
    return { id: app.id, displayName: app.displayName };
  },
});
