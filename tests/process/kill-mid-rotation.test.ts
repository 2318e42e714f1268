import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindApplication, createSchedulerKey, FINISHED, journalReader, schedulerApi, useStackData, type BoundKey, type JournalRow, type Managed } from "../support/process-rotor";
import { emulatorControl, startProcessStack, waitFor, type ProcessStack } from "../support/process-stack";

/**
 * Issue 7: SIGKILL the real `next start` (its whole process group) while a rotation is mid-flight,
 * start it again on the same data, and check that start-up recovery leaves nothing broken: the
 * rotation ends succeeded or failed-and-rolled-back as its journal dictates, the service connection
 * holds a secret Entra accepts, Graph keeps no orphan secret, the lease is released, and the
 * application can rotate again.
 */
type Control = ReturnType<typeof emulatorControl>;
type KillPoint = {
  name: string;
  app: BoundKey;
  /** The journal state the rotation must have reached when the process dies. */
  state: string;
  /** Holds the rotation at that point; returns the id of the rule whose hang holds it, if one does. */
  hold: (control: Control, app: Managed) => Promise<string | undefined>;
  /** Lets go once the process is dead. Removing rules (not clearing them) leaves a held call held: it must never land late. */
  release: (control: Control) => Promise<void>;
  outcome: "succeeded" | "failed";
};

const KILL_POINTS: KillPoint[] = [
  {
    name: "after addPassword, while Entra ID does not accept the new secret yet (before the PUT)",
    app: "payments-api",
    state: "secret_created",
    hold: async (control) => void (await control.settings({ propagationDelayMs: 600_000 })),
    release: (control) => control.settings({ propagationDelayMs: 0 }),
    outcome: "failed",
  },
  {
    name: "after addPassword and verification, with the service-connection PUT in flight",
    app: "reporting-service",
    state: "verified",
    hold: (control, app) => control.addFault({ host: "devops", method: "PUT", path: `serviceendpoint/endpoints/${app.endpointId}`, hang: true }),
    release: (control) => control.removeFaults(),
    outcome: "failed",
  },
  {
    name: "after the PUT, with the removal of the old secret in flight",
    app: "legacy-batch",
    state: "connection_updated",
    hold: (control, app) => control.addFault({ host: "graph", method: "POST", path: `${app.objectId}/removePassword`, hang: true }),
    release: (control) => control.removeFaults(),
    outcome: "succeeded",
  },
  {
    name: "while rolling back (Azure DevOps refused the PUT; the removal of the new secret in flight)",
    app: "container-builds",
    state: "compensating",
    hold: async (control, app) => {
      await control.addFault({ host: "devops", method: "PUT", path: `serviceendpoint/endpoints/${app.endpointId}`, status: 400 });
      return control.addFault({ host: "graph", method: "POST", path: `${app.objectId}/removePassword`, hang: true });
    },
    release: (control) => control.removeFaults(),
    outcome: "failed",
  },
];

let stack: ProcessStack;
let control: Control;
let journal: ReturnType<typeof journalReader>;
let api: ReturnType<typeof schedulerApi>;
const apps = new Map<BoundKey, Managed>();

beforeAll(async () => {
  stack = await startProcessStack();
  control = emulatorControl(stack.emulator);
  useStackData(stack);
  for (const point of KILL_POINTS) apps.set(point.app, await bindApplication(point.app));
  api = schedulerApi(stack.appUrl, await createSchedulerKey(apps.get("payments-api")!.tenantId));
  journal = journalReader(stack.dbFile);
});

afterAll(async () => {
  journal?.close();
  await stack?.stop();
});

const present = (secrets: { keyId: string; displayName: string | null; state: string }[]) => secrets.filter((s) => s.state === "live" || s.state === "pending");

/** Everything a finished rotation must leave behind, whichever way it ended. */
async function expectConsistent(app: Managed, row: JournalRow) {
  expect(FINISHED).toContain(row.state);
  expect(row.leaseOwner, "lease released").toBeNull();
  expect(row.leaseExpiresAt).toBeNull();
  const connection = await control.credentialStatus(app.endpointId);
  expect(connection.valid, "the service connection holds a secret Entra accepts").toBe(true);
  const kept = present(await control.secrets(app.appId));
  if (row.state === "succeeded") {
    expect(connection.keyId).toBe(row.newKeyId);
    expect(kept.map((s) => s.keyId), "only the new secret is left (overlap 0)").toEqual([row.newKeyId]);
  } else {
    expect(row.output.some((m) => m.startsWith("Rolled back: the new secret was removed"))).toBe(true);
    expect(kept.map((s) => s.keyId), "the new secret was compensated").not.toContain(row.newKeyId);
    expect(kept.some((s) => s.displayName === row.newSecretName), "no secret left under the rotation's name").toBe(false);
    expect(row.oldKeyIds).toContain(connection.keyId);
    for (const s of kept) expect(row.oldKeyIds).toContain(s.keyId);
  }
}

async function rotateToEnd(app: Managed): Promise<JournalRow> {
  const started = await api.start(app.id);
  expect(started.status).toBe(202);
  const id = started.body.rotation.id;
  return waitFor(`rotation ${id} to finish`, () => {
    const row = journal.rotation(id);
    return row && FINISHED.includes(row.state) && row.output.some((m) => /^(Rotation succeeded\.|Rolled back)/.test(m)) ? row : undefined;
  });
}

describe("SIGKILL of next start mid-rotation, then a restart on the same data", () => {
  for (const point of KILL_POINTS) {
    it(`recovers when killed ${point.name}`, async () => {
      const app = apps.get(point.app)!;
      const before = await control.credentialStatus(app.endpointId);
      expect(before.valid).toBe(true);

      const ruleId = await point.hold(control, app);
      const started = await api.start(app.id);
      expect(started.status).toBe(202);
      const id = started.body.rotation.id;
      const held = await waitFor(`rotation ${id} to reach ${point.state}`, async () => {
        const row = journal.rotation(id);
        if (row?.state !== point.state) return undefined;
        if (ruleId && (await control.faultHits(ruleId)) < 1) return undefined; // the held call is in flight
        if (!ruleId && !row.output.some((m) => m.startsWith("Waiting for Entra ID"))) return undefined;
        return row;
      });
      expect(held.newKeyId).toMatch(/^[0-9a-f-]{36}$/);
      expect(held.leaseOwner).not.toBeNull();

      const pgid = stack.app.pid;
      await stack.kill();
      expect(stack.app.app.signalCode).toBe("SIGKILL");
      expect(() => process.kill(-pgid, 0), "no process of the group survives").toThrow();
      await point.release(control);
      const dead = journal.rotation(id)!;
      expect(dead.state, "nothing moved the rotation while the app was down").toBe(point.state);
      expect(dead.leaseOwner, "the dead process still holds the lease").toBe(held.leaseOwner);

      await stack.restart();
      const recovered = await waitFor(`start-up recovery to finish rotation ${id}`, () => {
        const row = journal.rotation(id);
        return row && FINISHED.includes(row.state) ? row : undefined;
      });
      expect(recovered.state).toBe(point.outcome);
      if (point.state !== "compensating" && point.outcome === "failed") expect(recovered.failureReason).toMatch(/restart/);
      await expectConsistent(app, recovered);
      const viaApi = await api.get(id);
      expect(viaApi.status).toBe(200);
      expect(viaApi.body.rotation).toMatchObject({ id, state: point.outcome, finished: true });

      const next = await rotateToEnd(app);
      expect(next.state).toBe("succeeded");
      await expectConsistent(app, next);
    });
  }
});
