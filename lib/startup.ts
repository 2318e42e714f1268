import { getDb } from "@/db";
import { ConfigError, env } from "@/lib/env";

/**
 * Validates the configuration and migrates the database before the first request, so a wrong
 * setting stops start-up with a sentence that names it instead of failing a user's request.
 */
export async function startUp(): Promise<void> {
  try {
    if (env().embeddedOutsideDemo) {
      const { logger } = await import("@/lib/logger");
      logger.warn(
        "ROTOR_PROFILE is not set: Rotor runs on its EMBEDDED DEFAULT — the bundled Azure emulator, keys it made itself and a local SQLite file. " +
          "Nothing here reaches real Azure. For production set ROTOR_PROFILE=azure (see README → Running against real Azure).",
      );
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await getDb();
  const config = env();
  if (config.profile === "embedded") {
    // `encryption rekey` drops the previous embedded keys only once a server runs with the current one.
    const { recordServerStart } = await import("@/lib/embedded-secrets");
    recordServerStart(config.dataDir, config.keyring.current.id);
  }
  // Finish or roll back what a stopped process left mid-rotation, without holding up start-up.
  const { recoverRotations } = await import("@/lib/rotation/runner");
  void recoverRotations().catch((error: unknown) => console.error("Rotation recovery failed:", (error as Error).message));
  // The built-in scheduler runs in the server process only (instrumentation never runs in a build or a test runner).
  const { startScheduler } = await import("@/lib/rotation/scheduler");
  startScheduler();
  // Alerts: queues events and delivers the outbox, apart from any rotation.
  const { startAlertWorker } = await import("@/lib/notify/worker");
  startAlertWorker();
}
