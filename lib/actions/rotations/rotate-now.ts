"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { applicationForUser } from "@/lib/applications/access";
import { listOwners } from "@/lib/azure/graph";
import { AppError } from "@/lib/errors";
import { requestRotation } from "@/lib/rotation/runner";
import { revalidatePath } from "next/cache";
import { z } from "zod";

/** "Rotate now", for the application's owners and the tenant's admins; a second press gets the running rotation back. */
export const rotateNow = safeAction({
  name: "rotateNow",
  schema: z.object({ applicationId: z.uuid() }).strict(),
  handler: async ({ applicationId }, user) => {
    const db = await getDb();
    const application = applicationForUser(db, user, applicationId);
    if (user.role !== "admin") {
      const owners = await listOwners(application.tenantId, application.objectId);
      if (!owners.some((o) => o.id === user.oid)) throw new AppError("not_found", "You no longer own this application in Entra ID.");
    }
    const { rotation, created } = await requestRotation({ tenantId: user.tenantId, applicationId, trigger: "manual", requestedBy: `user:${user.id}` });
    revalidatePath("/applications");
    return { rotationId: rotation.id, created };
  },
});
