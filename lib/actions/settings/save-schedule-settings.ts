"use server";

import { getDb } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import { setBuiltInSchedulerFor } from "@/lib/schedule/set-built-in-scheduler";
import { revalidatePath } from "next/cache";
import { z } from "zod";

/** System → Azure DevOps → Schedule: the tenant's built-in scheduler on or off (admins only). */
export const saveScheduleSettings = safeAction({
  name: "saveScheduleSettings",
  schema: z.object({ builtInEnabled: z.boolean() }).strict(),
  role: "admin",
  handler: async ({ builtInEnabled }, admin) => {
    const result = await setBuiltInSchedulerFor(await getDb(), admin, { enabled: builtInEnabled });
    revalidatePath("/system/azure-devops");
    revalidatePath("/applications");
    return result;
  },
});
