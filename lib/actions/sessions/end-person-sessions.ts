"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { endPersonSessions as endPersonSessionsFor } from "@/lib/auth/sessions/end";
import { endPersonSessionsSchema } from "@/lib/validations/sessions";
import { revalidatePath } from "next/cache";

/** A tenant admin ends every session of a person of their tenant; they must sign in again. */
export const endPersonSessions = safeAction({
  name: "endPersonSessions",
  schema: endPersonSessionsSchema,
  role: "admin",
  handler: async (input, admin) => {
    const result = endPersonSessionsFor(await getDb(), admin, input);
    revalidatePath("/system/people");
    revalidatePath("/audit");
    return result;
  },
});
