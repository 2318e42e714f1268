import "server-only";
import { env } from "@/lib/env";
import { accountsAnswer, profileAnswer, readAnswer } from "./answers";
import { userCredential } from "./credential";
import { devopsGet } from "./rest";

export type Organization = { id: string; name: string; url: string };
export type OrganizationGroup = { tenantId: string; home: boolean; organizations: Organization[] };

/** The organizations one identity belongs to: profile (who am I) → accounts (where am I a member). */
async function organizationsIn(user: { id: string; tenantId: string }, tenantId: string): Promise<Organization[]> {
  const credential = userCredential(user, tenantId);
  const { accounts, devops } = env().urls;
  const profile = readAnswer("devops", "your Azure DevOps profile", profileAnswer, await devopsGet<unknown>(credential, `${accounts}/_apis/profile/profiles/me`));
  const url = `${accounts}/_apis/accounts?memberId=${encodeURIComponent(profile.id)}`;
  const list = readAnswer("devops", "your Azure DevOps organizations", accountsAnswer, await devopsGet<unknown>(credential, url));
  return list.value
    .map((a) => ({ id: a.accountId, name: a.accountName, url: `${devops}/${encodeURIComponent(a.accountName)}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The signed-in user's Azure DevOps organizations, grouped by tenant: their tenant's first; for a
 * guest, when the tenant allows it, the organizations of their home tenant too.
 */
export async function listOrganizations(
  user: { id: string; tenantId: string; homeTenantId: string },
  { includeHomeTenant }: { includeHomeTenant: boolean },
): Promise<OrganizationGroup[]> {
  const groups: OrganizationGroup[] = [{ tenantId: user.tenantId, home: false, organizations: await organizationsIn(user, user.tenantId) }];
  // A guest from outside Entra ID (one-time passcode, Microsoft account…) has no home tenant to ask.
  const homeIsTenant = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(user.homeTenantId);
  if (includeHomeTenant && homeIsTenant && user.homeTenantId !== user.tenantId) {
    groups.push({ tenantId: user.homeTenantId, home: true, organizations: await organizationsIn(user, user.homeTenantId) });
  }
  return groups;
}
