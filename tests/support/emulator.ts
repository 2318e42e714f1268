import { inject } from "vitest";

/** URLs of the emulator the global setup started, and its data folder (for secrets.json). */
export function emulator() {
  return inject("emulator");
}
