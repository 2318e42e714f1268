"use server";

import { signIn } from "@/auth";
import { sameOriginPath } from "@/lib/auth/return-to";
import { env } from "@/lib/env";

/** Starts the Entra ID sign-in; the place to return to must be on Rotor's own origin. */
export async function signInAction(formData: FormData): Promise<void> {
  await signIn("microsoft-entra-id", { redirectTo: sameOriginPath(String(formData.get("callbackUrl") ?? ""), env().appUrl) });
}
