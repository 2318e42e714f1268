"use server";

import { signIn } from "@/auth";
import { sameOriginPath } from "@/lib/auth/return-to";
import { env } from "@/lib/env";

/**
 * Starts the Entra ID sign-in; the place to return to must be on Rotor's own origin. The sign-in
 * form posts FormData, but anyone can call an action with any argument: read the field only from
 * something that has it.
 */
export async function signInAction(formData: FormData): Promise<void> {
  const field = typeof (formData as Partial<FormData> | null)?.get === "function" ? formData.get("callbackUrl") : null;
  await signIn("microsoft-entra-id", { redirectTo: sameOriginPath(typeof field === "string" ? field : "", env().appUrl) });
}
