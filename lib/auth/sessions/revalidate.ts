import "server-only";
import type { Db } from "@/db";
import { getProviderTokensForUser, replaceRefreshToken } from "@/db/queries/accounts";
import { writeAudit } from "@/db/queries/audit";
import { markSessionValidated } from "@/db/queries/sessions";
import { getUserById, setUserRole } from "@/db/queries/users";
import type { Session } from "@/db/schema";
import { readAnswer } from "@/lib/azure/answers";
import { AzureError } from "@/lib/azure/errors";
import { azureFetch } from "@/lib/azure/http";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { decodeJwt } from "jose";
import { z } from "zod";
import { identityFromClaims, isTenantAdmin } from "../claims";
import { endSessionsRefusedByEntra } from "./end";
import { withTransaction } from "@/db/transaction";
import { auditActor, ROTOR } from "@/lib/actor";

const tokenAnswer = z.object({ id_token: z.string().min(1), refresh_token: z.string().min(1).nullish() });

export type Verdict = "confirmed" | "ended" | "unavailable";

/**
 * Asks Entra ID whether the person still exists and which app roles they hold, by redeeming their
 * sealed refresh token for a new id token (the same grant the dialog's look-ups use, so it needs
 * no directory-read permission). Entra ID refuses the grant for a person removed, disabled or whose
 * sign-in was revoked: Rotor then ends all their sessions. The id token's roles set the role again.
 * A network failure or an Entra outage ends nothing: the caller decides how long to wait.
 */
export async function confirmWithEntra(db: Db, session: Session): Promise<Verdict> {
  const config = env();
  const account = await getProviderTokensForUser(db, config.keyring, { userId: session.userId });
  if (!account?.refreshToken) {
    await endSessionsRefusedByEntra(db, { userId: session.userId, tenantId: session.tenantId, why: "no stored sign-in to confirm" });
    return "ended";
  }
  const tenantId = account.key.providerAccountId.split(".")[0]!;
  let answer: z.output<typeof tokenAnswer>;
  try {
    const response = await azureFetch<unknown>("entra", `${config.urls.login}/${tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: account.refreshToken, scope: "openid profile email offline_access User.Read", client_id: config.clientId }),
    });
    answer = readAnswer("entra", "the sign-in confirmation", tokenAnswer, response.body);
  } catch (error) {
    if (error instanceof AzureError && !error.retryable && error.status >= 400 && error.status < 500) {
      const code = error.message.match(/^AADSTS\d+/)?.[0] ?? error.code ?? String(error.status);
      await endSessionsRefusedByEntra(db, { userId: session.userId, tenantId: session.tenantId, why: code });
      logger.info({ userId: session.userId, tenantId: session.tenantId, code }, "Entra ID refused a signed-in user's sign-in; sessions ended");
      return "ended";
    }
    logger.warn({ userId: session.userId, err: (error as Error).message }, "could not confirm a session with Entra ID");
    return "unavailable";
  }

  let claims: unknown;
  try {
    // Received straight from the token endpoint over TLS, so its signature need not be checked (OIDC Core 3.1.3.7).
    claims = decodeJwt(answer.id_token);
  } catch {
    return "unavailable";
  }
  const identity = identityFromClaims(claims);
  const user = await getUserById(db, { userId: session.userId });
  if (!identity || !user || identity.oid !== user.oid || identity.tenantId !== user.tenantId) {
    await endSessionsRefusedByEntra(db, { userId: session.userId, tenantId: session.tenantId, why: "the id token names someone else" });
    return "ended";
  }
  const role = isTenantAdmin(identity, config.bootstrapAdmins) ? "admin" : "member";
  await withTransaction(db, async () => {
    if (answer.refresh_token) await replaceRefreshToken(db, config.keyring, { key: account.key, refreshToken: answer.refresh_token });
    await markSessionValidated(db, { id: session.id });
    if (role !== user.role) {
      await setUserRole(db, { userId: user.id, role });
      await writeAudit(db, {
        tenantId: user.tenantId,
        actor: auditActor(ROTOR),
        action: "user.role_changed",
        target: { type: "user", id: user.id },
        detail: { from: user.role, to: role, source: "Entra ID" },
      });
    }
  });
  return "confirmed";
}
