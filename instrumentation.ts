/** Runs once when the server starts; the Node-only start-up checks live in lib/startup. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startUp } = await import("./lib/startup");
    await startUp();
  }
}
