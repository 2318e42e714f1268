/**
 * Runs once when the server starts: validate the configuration and migrate the database, so a
 * wrong setting stops start-up with a sentence that names it instead of failing the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, ConfigError } = await import("./lib/env");
  try {
    env();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { getDb } = await import("./db");
  await getDb();
}
