import type { RunningEmulator } from "../emulator/server";
import { signInThroughEmulator } from "../tests/support/sign-in-flow";

/** Signs a seeded user in, then forgets cached tokens and clients so the next look-ups start cold. */
export async function signIn(emulator: RunningEmulator, userKey: string) {
  const user = await signInThroughEmulator(emulator.urls, userKey);
  const { clearUserTokenCache } = await import("@/lib/azure/user-token");
  const { clearDevopsClients } = await import("@/lib/azure/devops/client");
  clearUserTokenCache();
  clearDevopsClients();
  return user;
}
