import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { manage } from "../support/applications";
import { emulator } from "../support/emulator";
import { useTestEmulator } from "../support/rotor";
import { commandLineActor } from "@/lib/actor";

useTestEmulator();
process.env.LOG_LEVEL = "error";
const { getDb } = await import("@/db");
const { env } = await import("@/lib/env");
const { createApiKey } = await import("@/lib/api-keys/manage");
const startRoute = await import("@/app/api/v1/applications/[id]/rotations/route");
const rotationRoute = await import("@/app/api/v1/rotations/[id]/route");

describe("after rotations through the scheduler API", () => {
  it("no issued secret, nor the API key, is in any API response or in the database file", async () => {
    const app = await manage("container-builds", { organization: "contoso-platform", projectName: "payments", endpointId: SERVICE_CONNECTIONS.containerBuildsRegistry });
    const created = await createApiKey(await getDb(), { tenantId: app.tenantId, name: "leak test", actor: commandLineActor("test") });
    const key = created.key;
    const bodies: string[] = [];
    const call = async (response: Promise<Response>) => {
      const res = await response;
      const text = await res.text();
      bodies.push(text);
      return JSON.parse(text) as Record<string, unknown>;
    };
    const headers = { authorization: `Bearer ${key}`, "x-forwarded-for": "10.9.9.9" };
    const started = await call(startRoute.POST(new Request(`http://rotor.test/api/v1/applications/${app.id}/rotations`, { method: "POST", headers }), { params: Promise.resolve({ id: app.id }) }));
    const rotationId = (started.rotation as { id: string }).id;
    for (let i = 0; i < 100; i++) {
      const body = await call(rotationRoute.GET(new Request(`http://rotor.test/api/v1/rotations/${rotationId}`, { headers }), { params: Promise.resolve({ id: rotationId }) }));
      const rotation = body.rotation as { state: string };
      if (rotation.state === "succeeded" || rotation.state === "failed") {
        expect(rotation.state).toBe("succeeded");
        break;
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    const issued = ((await (await fetch(`${emulator().http}/_emulator/issued-secrets`)).json()) as { value: { kind: string; value: string }[] }).value;
    const secrets = [...issued.map((i) => i.value), key];
    expect(issued.filter((i) => i.kind === "client_secret").length).toBeGreaterThan(6); // the rotation issued new ones
    (await getDb()).$client.pragma("wal_checkpoint(TRUNCATE)");
    const places = { "API responses": bodies.join("\n"), "database file": readFileSync(env().databaseFile).toString("latin1") };
    for (const [place, text] of Object.entries(places)) {
      expect(secrets.filter((s) => text.includes(s)), `secrets found in ${place}`).toEqual([]);
    }
  });
});
