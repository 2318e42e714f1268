"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { startRotation } from "@/lib/rotation/start-rotation";
import { revalidatePath } from "next/cache";
import { z } from "zod";

/**
 * "Rotate now", for the application's owners, and for the tenant's admins while it is not bound
 * to a service connection (into a connection, only an owner: see requireLiveOwner); a second
 * press gets the running rotation back.
 */
export const rotateNow = safeAction({
  name: "rotateNow",
  schema: z.object({ applicationId: z.uuid() }).strict(),
  handler: async ({ applicationId }, user) => {
    const { rotation, created } = await startRotation(await getDb(), user, { application: applicationId });
    revalidatePath("/applications");
    return { rotationId: rotation.id, created };
  },
});
