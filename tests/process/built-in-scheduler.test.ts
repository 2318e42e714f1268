import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInOverHttp } from "../support/http-session";
import { bindApplication, useStackData, type Managed } from "../support/process-rotor";
import { emulatorControl, startProcessStack, waitFor, type ProcessStack } from "../support/process-stack";

/**
 * Issue 18, "done when": the real `next start`, with no external scheduler and the built-in
 * interval shortened to 3 s, rotates an application whose secret is due (Legacy Batch: 3 days
 * left, rotated 30 days before expiry), and the Applications page shows that run.
 */
let stack: ProcessStack;
let legacy: Managed;

beforeAll(async () => {
  stack = await startProcessStack({ appEnv: { ROTOR_SCHEDULER_INTERVAL_SECONDS: "3" } });
  useStackData(stack);
  legacy = await bindApplication("legacy-batch");
});

afterAll(async () => {
  await stack?.stop();
});

type DueRunRow = { trigger: string; requested_by: string; started: number; succeeded: number; finished_at: number | null };

describe("built-in scheduler in the server process", () => {
  it("rotates a due application by itself, records the run as the built-in scheduler's, and the page shows it", async () => {
    const db = new Database(stack.dbFile, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    try {
      const run = await waitFor(
        "a built-in due run that rotated Legacy Batch",
        () => (db.prepare("select * from due_runs where started > 0 and finished_at is not null").get() as DueRunRow | undefined),
        60_000,
        250,
      );
      expect(run).toMatchObject({ trigger: "built_in", requested_by: "system", started: 1, succeeded: 1 });
      const rotation = db.prepare("select * from rotations where application_id = ?").get(legacy.id) as { trigger: string; requested_by: string; state: string; new_key_id: string };
      expect(rotation).toMatchObject({ trigger: "schedule", requested_by: "system", state: "succeeded" });
      expect(await emulatorControl(stack.emulator).credentialStatus(legacy.endpointId)).toMatchObject({ valid: true, keyId: rotation.new_key_id });
      // Never two at once: every run but the last has finished, and no application rotated twice at a time.
      expect((db.prepare("select count(*) as n from due_runs where finished_at is null").get() as { n: number }).n).toBeLessThanOrEqual(1);
    } finally {
      db.close();
    }

    const session = await signInOverHttp(stack.appUrl, "contoso-admin");
    const html = await (await fetch(`${stack.appUrl}/applications`, { headers: { cookie: session } })).text();
    const text = html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toMatch(/Last due run (\(running now\) )?started [^.]* by the built-in scheduler/);
    expect(text).toContain("by the built-in scheduler (every 3 s)");
  });
});
