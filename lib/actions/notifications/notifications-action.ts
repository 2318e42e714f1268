import "server-only";
import { getDb, type Db } from "@/db";
import { safeAction } from "@/lib/actions/safe-action";
import type { CurrentUser } from "@/lib/auth/current-user";
import { revalidatePath } from "next/cache";
import type { z } from "zod";

/**
 * Every System → Notifications action is the same: admins only, the use case in lib/notify, then
 * the page and the audit log are fresh. (Not a "use server" file: it only builds the actions.)
 */
export function notificationsAction<S extends z.ZodType, T>(name: string, schema: S, run: (db: Db, admin: CurrentUser, input: z.infer<S>) => Promise<T>) {
  return safeAction({
    name,
    schema,
    role: "admin",
    handler: async (input, admin) => {
      const result = await run(await getDb(), admin, input);
      revalidatePath("/system/notifications");
      revalidatePath("/system/notifications/deliveries");
      revalidatePath("/audit");
      return result;
    },
  });
}
