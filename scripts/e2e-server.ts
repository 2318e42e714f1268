import { E2E } from "../e2e/stack-config";
import { startStack } from "./stack";

/** Playwright's web server: the embedded stack on test ports, from a fresh data folder. */
const stack = await startStack({ ...E2E, fresh: true });
console.log(`e2e stack ready at ${stack.appUrl}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stack.stop().then(() => process.exit(0)));
}
