import "server-only";
import { env } from "@/lib/env";
import { AzureError } from "../errors";
import { devopsCall, forgetDevopsClients, serviceEndpointApi } from "./client";
import { accountsAnswer, profileAnswer, readAnswer, readEndpoints } from "./answers";
import { patCredentialFromText, type DevopsCredential } from "./credential";
import { listProjects } from "./projects";
import { devopsGet } from "./rest";

export type PatCheck = { ok: true; organization: string; userName: string } | { ok: false; reason: string };

const MANAGE = 2;

/**
 * Checks a PAT before it is saved: Azure DevOps accepts it (not expired, all organizations),
 * and its user can manage at least one service connection. Stops at the first organization where
 * that holds, so a good PAT costs few calls.
 */
export async function validatePat(pat: string): Promise<PatCheck> {
  const credential = patCredentialFromText(pat);
  try {
    return await check(credential);
  } finally {
    forgetDevopsClients(credential);
  }
}

async function check(credential: DevopsCredential): Promise<PatCheck> {
  const { accounts } = env().urls;
  let profile: { id: string; displayName: string | null; emailAddress: string | null };
  let organizations: string[];
  try {
    profile = readAnswer("devops", "the PAT user's profile", profileAnswer, await devopsGet<unknown>(credential, `${accounts}/_apis/profile/profiles/me`));
    const url = `${accounts}/_apis/accounts?memberId=${encodeURIComponent(profile.id)}`;
    organizations = readAnswer("devops", "the PAT user's organizations", accountsAnswer, await devopsGet<unknown>(credential, url)).value.map((a) => a.accountName);
  } catch (error) {
    return { ok: false, reason: rejection(error, "Use a PAT created for All accessible organizations.") };
  }
  if (organizations.length === 0) return { ok: false, reason: "Azure DevOps accepts the PAT, but its user belongs to no organization." };

  const userName = profile.displayName ?? profile.emailAddress ?? "its user";
  const problems: string[] = [];
  for (const organization of organizations) {
    try {
      if (await managesAConnection(credential, organization)) return { ok: true, organization, userName };
    } catch (error) {
      problems.push(`${organization}: ${rejection(error, "")}`);
    }
  }
  const detail = problems.length ? ` (${problems.join("; ")})` : "";
  return {
    ok: false,
    reason: `The PAT works, but ${userName} cannot manage any service connection in ${organizations.join(", ")}${detail}. Give the PAT the scopes Project and Team (Read) and Service Connections (Read, query & manage), and make its user an Endpoint Administrator.`,
  };
}

async function managesAConnection(credential: DevopsCredential, organization: string): Promise<boolean> {
  const projects = await listProjects(credential, organization);
  const api = await serviceEndpointApi(credential, organization);
  for (const project of projects) {
    const manageable = readEndpoints(await devopsCall(() => api.getServiceEndpoints(project.id, undefined, undefined, undefined, undefined, true, undefined, MANAGE)));
    if (manageable.length > 0) return true;
  }
  return false;
}

function rejection(error: unknown, hint: string): string {
  if (error instanceof AzureError) {
    if (error.status === 401) return `Azure DevOps rejected the PAT: ${error.message}${hint ? ` ${hint}` : ""}`.trim();
    if (error.status === 403) return `Azure DevOps refused: ${error.message}`;
    if (error.retryable) return "Azure DevOps did not answer; the PAT could not be checked. Try again in a moment.";
    return error.message;
  }
  throw error;
}
