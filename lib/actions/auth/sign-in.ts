"use server";

import { signIn } from "@/auth";
import { env } from "@/lib/env";

/** Starts the Entra ID sign-in; the place to return to must be on Rotor's own origin. */
export async function signInAction(formData: FormData): Promise<void> {
  await signIn("microsoft-entra-id", { redirectTo: sameOriginPath(String(formData.get("callbackUrl") ?? ""), env().appUrl) });
}

function sameOriginPath(requested: string, appUrl: string): string {
  try {
    const target = new URL(requested || "/applications", appUrl);
    if (target.origin === new URL(appUrl).origin) return `${target.pathname}${target.search}`;
  } catch {}
  return "/applications";
}
