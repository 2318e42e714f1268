import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../index";
import { applications, type Application } from "../schema";
import { withTransaction } from "../transaction";

export type PolicyChange = Pick<Application, "secretLifetimeDays" | "rotateBeforeDays" | "overlapHours" | "scheduleEnabled">;
export type BindingChange =
  | { devopsEnabled: false }
  | {
      devopsEnabled: true;
      devopsOrganization: string;
      devopsOrganizationTenantId: string;
      devopsProjectId: string;
      devopsProjectName: string;
      devopsEndpointId: string;
      devopsEndpointName: string;
      devopsEndpointType: string;
    };

/** Saves an application's policy and, when given, its Azure DevOps binding (turning it off keeps the last binding). */
export async function saveApplicationSettings(
  db: Db,
  { applicationId, userId, policy, binding, now = new Date() }: { applicationId: string; userId: string; policy: PolicyChange; binding?: BindingChange; now?: Date },
): Promise<Application> {
  const bound = binding?.devopsEnabled ? { ...binding, devopsBoundAt: now, devopsBoundBy: userId } : binding;
  return withTransaction(db, async (tx) => {
    const [row] = await tx
      .update(applications)
      .set({ ...policy, ...(bound ?? {}) })
      .where(eq(applications.id, applicationId))
      .returning();
    return row!;
  });
}
