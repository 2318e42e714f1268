import { signIn } from "@/auth";
import { getCurrentUser } from "@/lib/auth/session";
import { sameOriginPath } from "@/lib/auth/return-to";
import { DEVOPS_RESOURCE } from "@/lib/azure/resources";
import { env } from "@/lib/env";
import type { NextRequest } from "next/server";

/**
 * GET /api/devops/consent?returnTo=/path — the consent link shown when Azure DevOps look-ups fail
 * for lack of consent. Signs the same user in again asking for Azure DevOps (user_impersonation),
 * so Entra ID shows its consent prompt, then returns to `returnTo`.
 */
export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  const returnTo = sameOriginPath(request.nextUrl.searchParams.get("returnTo"), env().appUrl);
  if (!user) return Response.redirect(new URL(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`, env().appUrl), 303);
  await signIn(
    "microsoft-entra-id",
    { redirectTo: returnTo },
    {
      scope: `openid profile email offline_access User.Read ${DEVOPS_RESOURCE}/user_impersonation`,
      prompt: "consent",
      ...(user.email ? { login_hint: user.email } : {}),
    },
  );
}
