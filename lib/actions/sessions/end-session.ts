"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { endOwnSession } from "@/lib/auth/sessions/end";
import { endSessionSchema } from "@/lib/validations/sessions";
import { revalidatePath } from "next/cache";

/** Ends one of the caller's own sessions (another browser or device); only their own can be named. */
export const endSession = safeAction({
  name: "endSession",
  schema: endSessionSchema,
  handler: async (input, user) => {
    const result = await endOwnSession(await getDb(), user, input);
    revalidatePath("/account/sessions");
    return result;
  },
});
