"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { applicationForUser, isBound, requireLiveOwner } from "@/lib/applications/access";
import { requestRotation } from "@/lib/rotation/runner";
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
    const db = await getDb();
    const application = await applicationForUser(db, user, applicationId);
    // An admin who does not own it may still rotate it when the secret goes nowhere but Entra ID.
    if (user.role !== "admin" || isBound(application)) await requireLiveOwner(user, application);
    const { rotation, created } = await requestRotation({ tenantId: user.tenantId, applicationId, trigger: "manual", requestedBy: `user:${user.id}` });
    revalidatePath("/applications");
    return { rotationId: rotation.id, created };
  },
});
