import "server-only";
import type { Db } from "@/db";
import { listSignedInUsers } from "@/db/queries/users";
import { getUserProfile, type UserProfile } from "@/lib/azure/graph";
import { mapSettledWithLimit } from "@/lib/concurrency";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * Who an application's owner is, for people (the Applications page, the audit log) and for alerts.
 * Graph does not say with the permission Rotor needs (Application.ReadWrite.OwnedBy answers owners
 * with their object id only), so a name and an address come from:
 *   1. Rotor's own record of the owner's last sign-in (their ID token's name and email claims);
 *   2. when ROTOR_GRAPH_USER_READ_BASIC_ALL is on (the optional permission User.ReadBasic.All),
 *      Graph's /users/{id} for owners who never signed in or left no address.
 * Either may be missing: `name` / `email` are then null, and `source` says what was found.
 */
export type OwnerContact = {
  oid: string;
  name: string | null;
  email: string | null;
  source: "sign-in" | "graph" | "unknown";
};

export { ownerInWords, UNKNOWN_ADDRESS, UNKNOWN_OWNER } from "./words";

/** Graph look-ups in flight at once, and how long an answer (or a refusal) is reused. */
const LOOKUPS_IN_FLIGHT = 4;
const PROFILE_TTL_MS = 10 * 60_000;
const FAILURE_TTL_MS = 60_000;
const profiles = new Map<string, { until: number; profile: UserProfile | null }>();

/** The owners' contacts, one per distinct object id in `oids`; never throws for Graph's sake. */
export async function resolveOwnerContacts(
  db: Db,
  { tenantId, oids }: { tenantId: string; oids: string[] },
  { readGraph = env().graphUserReadBasicAll }: { readGraph?: boolean } = {},
): Promise<Map<string, OwnerContact>> {
  const unique = [...new Set(oids)];
  const contacts = new Map<string, OwnerContact>();
  for (const user of await listSignedInUsers(db, { tenantId, oids: unique })) {
    contacts.set(user.oid, { oid: user.oid, name: user.name || null, email: user.email || null, source: "sign-in" });
  }
  const incomplete = unique.filter((oid) => !contacts.get(oid)?.email);
  if (readGraph && incomplete.length) {
    const found = await mapSettledWithLimit(incomplete, LOOKUPS_IN_FLIGHT, (oid) => profileOf(tenantId, oid));
    incomplete.forEach((oid, i) => {
      const result = found[i]!;
      const profile = result.status === "fulfilled" ? result.value : null;
      if (!profile) return;
      const known = contacts.get(oid);
      const email = profile.mail ?? deliverable(profile.userPrincipalName);
      contacts.set(oid, { oid, name: known?.name ?? profile.displayName, email: known?.email ?? email, source: known ? known.source : "graph" });
    });
  }
  for (const oid of unique) if (!contacts.has(oid)) contacts.set(oid, { oid, name: null, email: null, source: "unknown" });
  return contacts;
}

/** One owner's name and address (for an alert about one application). */
export async function resolveOwnerContact(db: Db, { tenantId, oid }: { tenantId: string; oid: string }, options: { readGraph?: boolean } = {}): Promise<OwnerContact> {
  return (await resolveOwnerContacts(db, { tenantId, oids: [oid] }, options)).get(oid)!;
}

/** A guest's UPN (`…#EXT#@tenant`) is not an address mail reaches; a member's usually is. */
function deliverable(upn: string | null): string | null {
  return upn && upn.includes("@") && !upn.includes("#EXT#") ? upn : null;
}

async function profileOf(tenantId: string, oid: string): Promise<UserProfile | null> {
  const key = `${tenantId}|${oid}`;
  const cached = profiles.get(key);
  if (cached && cached.until > Date.now()) return cached.profile;
  try {
    const profile = await getUserProfile(tenantId, oid);
    profiles.set(key, { until: Date.now() + PROFILE_TTL_MS, profile });
    return profile;
  } catch (error) {
    // Not granted after all (403), or Graph is failing: say "unknown" for a while rather than ask on every page.
    if (!cached) logger.warn({ tenantId, err: (error as Error).message }, "could not read an owner's name from Microsoft Graph (is User.ReadBasic.All granted?)");
    profiles.set(key, { until: Date.now() + FAILURE_TTL_MS, profile: null });
    return null;
  }
}

/** For tests: forget what Graph said. */
export function clearOwnerProfiles(): void {
  profiles.clear();
}
