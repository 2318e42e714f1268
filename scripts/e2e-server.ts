import { E2E } from "../e2e/stack-config";
import { startStack } from "./stack";

/**
 * Playwright's web server: the embedded stack on test ports, from a fresh data folder. The specs
 * play a reverse proxy: each identity sends its own X-Forwarded-For, so the API's failure limits
 * count them apart (ROTOR_TRUSTED_PROXY_HOPS=1); the demo trusts no forwarded header. The
 * built-in scheduler is off here: the specs rotate the seeded applications themselves and must
 * not find them rotated by a background run (tests/process/built-in-scheduler.test.ts covers it).
 */
// Sessions are confirmed with Entra ID (the emulator) every 5 seconds instead of every five
// minutes, so a person removed there or losing a role is refused within one test, and every spec
// runs through the re-validation path.
process.env.ROTOR_SESSION_REVALIDATE_SECONDS ??= "5";
const stack = await startStack({
  ...E2E,
  fresh: true,
  env: { ROTOR_TRUSTED_PROXY_HOPS: "1", ROTOR_SCHEDULER_INTERVAL_SECONDS: "0" },
});
console.log(`e2e stack ready at ${stack.appUrl}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stack.stop().then(() => process.exit(0)));
}
