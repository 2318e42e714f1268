import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPS } from "../../emulator/seed";
import { signInThroughEmulator, type SignedInUser } from "./sign-in-flow";
import { emulator } from "./emulator";

/**
 * Points Rotor's own modules (lib/env) at the test emulator with a database of this test file's
 * own. Call before the first use of any lib/ or db/ module in the file.
 */
export function useTestEmulator(): void {
  process.env.ROTOR_PROFILE = "embedded";
  process.env.LOG_LEVEL ??= "warn";
  process.env.ROTOR_DATA_DIR = emulator().dataDir;
  process.env.ROTOR_DATABASE_FILE = join(mkdtempSync(join(tmpdir(), "rotor-it-")), "rotor.db");
  process.env.ROTOR_EMULATOR_HTTP_PORT = new URL(emulator().http).port;
  process.env.ROTOR_EMULATOR_HTTPS_PORT = new URL(emulator().https).port;
}

export type TestUser = SignedInUser;

/** A seeded user signed in through the emulator, as the app's checks then see them (getCurrentUser). */
export async function currentUser(userKey: string): Promise<import("@/lib/auth/current-user").CurrentUser> {
  const { id } = await signIn(userKey);
  const { getDb } = await import("@/db");
  const { loadCurrentUser } = await import("@/lib/auth/current-user");
  return (await loadCurrentUser(await getDb(), { userId: id }))!;
}

/** Signs a seeded user in through the test emulator (see sign-in-flow.ts). */
export function signIn(userKey: string): Promise<TestUser> {
  return signInThroughEmulator(emulator(), userKey);
}

/** The emulator's requests since `mark()`, for asserting how many calls a client function made. */
export async function requestsSince(seq: number): Promise<{ method: string; path: string; status: number; accept: string | null }[]> {
  const body = (await (await fetch(`${emulator().http}/_emulator/requests?since=${seq}`)).json()) as { value: { method: string; path: string; status: number; accept: string | null }[] };
  return body.value;
}

export async function mark(): Promise<number> {
  return ((await (await fetch(`${emulator().http}/_emulator/requests`)).json()) as { seq: number }).seq;
}

export async function addFault(rule: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emulator().http}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  return ((await res.json()) as { id: string }).id;
}

export async function removeFault(id: string): Promise<void> {
  await fetch(`${emulator().http}/_emulator/faults/${id}`, { method: "DELETE" });
}

export async function mintPat(userKey: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${emulator().http}/_emulator/devops/pats`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userKey, ...extra }) });
  return ((await res.json()) as { token: string }).token;
}

export const seededApp = (key: string) => APPS.find((a) => a.key === key)!;
