import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { emulator } from "../support/emulator";
import { mark, requestsSince } from "../support/rotor";

describe("GET /api/health", () => {
  beforeAll(() => {
    // Embedded profile against the test emulator, with a database of its own.
    process.env.ROTOR_DATA_DIR = emulator().dataDir;
    process.env.ROTOR_DATABASE_FILE = join(mkdtempSync(join(tmpdir(), "rotor-health-")), "rotor.db");
    process.env.ROTOR_EMULATOR_HTTPS_PORT = new URL(emulator().https).port;
  });

  it("reports the database and Entra ID as reachable", async () => {
    const { GET } = await import("@/app/api/health/route");
    const res = await GET();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", profile: "embedded", checks: { database: { ok: true }, entra: { ok: true } } });
    expect(JSON.stringify(body)).not.toMatch(/secret|key/i);
  });

  it("asks Entra ID once for a burst of checks, however many callers there are", async () => {
    const { GET } = await import("@/app/api/health/route");
    const since = await mark();
    const answers = await Promise.all(Array.from({ length: 25 }, () => GET()));
    expect(answers.map((r) => r.status)).toEqual(Array(25).fill(200));
    const discovery = (await requestsSince(since)).filter((r) => r.path.endsWith("/.well-known/openid-configuration"));
    expect(discovery.length).toBeLessThanOrEqual(1);
  });
});
