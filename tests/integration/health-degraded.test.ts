import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe("GET /api/health when Entra ID does not answer", () => {
  it("answers 503 with the failing check", async () => {
    process.env.ROTOR_DATA_DIR = mkdtempSync(join(tmpdir(), "rotor-health-"));
    process.env.ROTOR_EMULATOR_HTTPS_PORT = String(await closedPort());
    const { GET } = await import("@/app/api/health/route");
    const res = await GET();
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe("degraded");
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.entra.ok).toBe(false);
  });
});
