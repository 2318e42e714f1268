import "server-only";
import { getDb } from "@/db";
import { listTenantApplications } from "@/db/queries/applications";
import { getDevopsSettings } from "@/db/queries/tenants";
import type { CurrentUser } from "@/lib/auth/session";
import { userCredential } from "@/lib/azure/devops/credential";
import type { ApplicationNames } from "@/lib/azure/devops/verdict";
import { AppError } from "@/lib/errors";
import { applicationForUser, requireLiveOwner } from "./access";

/**
 * What every Azure DevOps look-up of the dialog starts with: the application (the user may
 * manage it; an admin must own it in Entra ID, asked live), the tenant's integration switched
 * on, and the user's delegated credential — in the
 * tenant of the chosen organization's group for a guest's home-tenant organizations.
 */
export async function devopsContext(user: CurrentUser, applicationId: string) {
  const db = await getDb();
  const application = await applicationForUser(db, user, applicationId);
  // Binding is for owners only: an admin who does not own the application learns why in the first picker.
  if (user.role === "admin") await requireLiveOwner(user, application);
  const settings = await getDevopsSettings(db, { tenantId: user.tenantId });
  if (!settings?.integrationEnabled) {
    throw new AppError("forbidden", "Azure DevOps integration is switched off for this tenant. A tenant admin can switch it on in System → Azure DevOps.");
  }
  const includeHomeTenant = settings.includeHomeTenantOrgs && user.isGuest;
  /** The delegated credential for an organization of the tenant `tenantId`, which must be one the user may list. */
  const credentialFor = (tenantId: string) => {
    if (tenantId !== user.tenantId && !(includeHomeTenant && tenantId === user.homeTenantId)) {
      throw new AppError("invalid_input", "That organization is not one you can use here.");
    }
    return userCredential(user, tenantId);
  };
  return { db, application, settings, includeHomeTenant, credentialFor };
}

/** The tenant's managed applications by client id, so a connection bound to another one is named, not shown as an id. */
export async function applicationNames(db: Awaited<ReturnType<typeof getDb>>, tenantId: string): Promise<ApplicationNames> {
  return new Map((await listTenantApplications(db, { tenantId })).map((a) => [a.appId.toLowerCase(), a.displayName]));
}
