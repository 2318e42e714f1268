"use server";

import { z } from "zod";
import { safeAction } from "@/lib/actions/safe-action";
import { testServicePrincipal } from "@/lib/azure/devops/test-service-principal";

/** "Test connection": what Rotor's service principal can do in the admin's organizations. Changes nothing. */
export const testDevopsConnection = safeAction({
  name: "testDevopsConnection",
  schema: z.object({}).strict(),
  role: "admin",
  handler: (_input, admin) => testServicePrincipal(admin),
});
