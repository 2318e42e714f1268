import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { emulator } from "./emulator";

/**
 * `npm run rotor -- …` against a data folder of its own (embedded profile, the test emulator), as
 * an operator runs it on the server. Started under the react-server condition the command would
 * otherwise re-run itself in. `env` adds to or overrides the defaults (undefined: unset).
 */
export function rotorCli(dataDir: string, args: string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/rotor.ts", ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      ROTOR_PROFILE: "embedded",
      ROTOR_DATA_DIR: dataDir,
      ROTOR_DATABASE_FILE: join(dataDir, "rotor.db"),
      ROTOR_ENCRYPTION_KEY: "",
      ROTOR_ENCRYPTION_PREVIOUS_KEYS: "",
      ROTOR_EMULATOR_HTTP_PORT: new URL(emulator().http).port,
      ROTOR_EMULATOR_HTTPS_PORT: new URL(emulator().https).port,
      ...env,
    },
  });
}
