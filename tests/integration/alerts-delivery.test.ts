import { afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { TENANTS } from "../../emulator/seed";
import { manage } from "../support/applications";
import { emulator } from "../support/emulator";
import { addFault, currentUser, removeFault, useTestEmulator } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS = "3";
process.env.ROTOR_AZURE_TIMEOUT_SECONDS = "1";
const { getDb } = await import("@/db");
const { eq } = await import("drizzle-orm");
const { notificationChannels, notificationOutbox } = await import("@/db/schema");
const { createOrGetActiveRotation } = await import("@/db/queries/rotations");
const { claimDueMessages } = await import("@/db/queries/notifications");
const { runRotation } = await import("@/lib/rotation/engine");
const { saveSmtpChannel } = await import("@/lib/notify/save-smtp-channel");
const { addWebhook } = await import("@/lib/notify/add-webhook");
const { sendTest } = await import("@/lib/notify/send-test");
const { saveAlertSettings } = await import("@/lib/notify/save-alert-settings");
const { deliverDueMessages } = await import("@/lib/notify/deliver");
const { alertWorkerTick } = await import("@/lib/notify/worker");
const { verifySignature } = await import("@/lib/notify/signature");

type Mail = { to: string; subject: string; text: string; secure: boolean; authUser: string | null; messageId: string | null };
type Delivery = { name: string; headers: Record<string, string>; body: string; status: number };

const sink = (path: string, init?: RequestInit) => fetch(`${emulator().http}/_emulator/${path}`, init);
const post = (path: string, body: unknown) => sink(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const mails = async () => ((await (await sink("mail.json")).json()) as { value: Mail[] }).value;
const deliveries = async () => ((await (await sink("webhooks.json")).json()) as { value: Delivery[] }).value;
const SMTP_PASSWORD = "smtp-Pa55word-for-the-sink";

let admin: Awaited<ReturnType<typeof currentUser>>;
let signingSecret: string;
let webhookId: string;
let smtpId: string;

describe("alerts: delivery through the emulator's SMTP and webhook sinks", () => {
  beforeAll(async () => {
    admin = await currentUser("contoso-admin");
    await currentUser("contoso-owner"); // Omar signs in, so Rotor knows his address as Legacy Batch's owner
    await post("mail/settings", { requireAuth: { user: "rotor", password: SMTP_PASSWORD } });
    const db = await getDb();
    await saveSmtpChannel(db, admin, { host: "localhost", port: emulator().smtpPort, tlsMode: "starttls", user: "rotor", password: SMTP_PASSWORD, removePassword: false, from: "rotor@contoso.example", enabled: true, allowPrivateTargets: true });
    smtpId = (await db.select().from(notificationChannels).where(eq(notificationChannels.kind, "email")))[0]!.id;
    const added = await addWebhook(db, admin, { name: "Ops", url: `${emulator().http}/_emulator/webhooks/in/ops`, format: "generic", events: ["rotation.failed"], allowPrivateTargets: true });
    webhookId = added.id;
    signingSecret = added.signingSecret!;
    await saveAlertSettings(db, admin, { adminAddresses: ["secops@contoso.example"], reminderDays: [14, 3], dueRunSummary: false });
  });
  afterEach(async () => {
    await post("mail/settings", { rejectNext: 0 });
    await post("webhooks/settings", { failNext: 0 });
  });

  it("keeps the SMTP password and the signing secret sealed in the database", async () => {
    const rows = await (await getDb()).select().from(notificationChannels);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(SMTP_PASSWORD);
    expect(stored).not.toContain(signingSecret);
    expect(signingSecret).toMatch(/^whsec_/);
  });

  it("sends a test e-mail over STARTTLS with the stored login, and a signed test webhook", async () => {
    const db = await getDb();
    await expect(sendTest(db, admin, { id: smtpId, to: "nadia@contoso.example" })).resolves.toEqual({ ok: true, to: "nadia@contoso.example" });
    const mail = (await mails()).at(-1)!;
    expect(mail).toMatchObject({ to: "nadia@contoso.example", secure: true, authUser: "rotor" });
    expect(mail.subject).toMatch(/^\[Rotor\] Test message/);

    await expect(sendTest(db, admin, { id: webhookId })).resolves.toMatchObject({ ok: true });
    const hook = (await deliveries()).at(-1)!;
    expect(verifySignature(signingSecret, { body: hook.body, signature: hook.headers["x-rotor-signature"]!, timestamp: hook.headers["x-rotor-timestamp"]! })).toBe(true);
    expect(verifySignature(signingSecret, { body: hook.body.replace("Test", "Tost"), signature: hook.headers["x-rotor-signature"]!, timestamp: hook.headers["x-rotor-timestamp"]! })).toBe(false);
    expect(verifySignature("whsec_wrong", { body: hook.body, signature: hook.headers["x-rotor-signature"]!, timestamp: hook.headers["x-rotor-timestamp"]! })).toBe(false);
  });

  it("says why a test failed when the SMTP server refuses the login, and shows the channel failing", async () => {
    const db = await getDb();
    await post("mail/settings", { requireAuth: { user: "rotor", password: "another" } });
    try {
      const outcome = await sendTest(db, admin, { id: smtpId, to: "nadia@contoso.example" });
      expect(outcome).toMatchObject({ ok: false });
      expect(JSON.stringify(outcome)).toMatch(/Invalid login|535/);
      expect(JSON.stringify(outcome)).not.toContain(SMTP_PASSWORD);
      const [channel] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, smtpId));
      expect(channel!.consecutiveFailures).toBeGreaterThan(0);
    } finally {
      await post("mail/settings", { requireAuth: { user: "rotor", password: SMTP_PASSWORD } });
    }
  });

  it("refuses hostile webhook targets with a clear message and stores nothing", async () => {
    const db = await getDb();
    const before = (await db.select().from(notificationChannels)).length;
    const add = (url: string, allowPrivateTargets = false) => addWebhook(db, admin, { name: "Probe", url, format: "generic", events: ["rotation.failed"], allowPrivateTargets });
    await expect(add(`${emulator().http}/_emulator/webhooks/in/x`)).rejects.toThrow(/loopback address.*Allow private targets/);
    await expect(add("http://169.254.169.254/latest/meta-data/", true)).rejects.toThrow(/link-local.*never sends/);
    await expect(add("https://10.0.0.8/hook")).rejects.toThrow(/private network/);
    await expect(add("https://user:pw@hooks.example.com/")).rejects.toThrow(/no user name or password/);
    expect((await db.select().from(notificationChannels)).length).toBe(before);
  });

  it("does not follow a redirect to the metadata service", async () => {
    const db = await getDb();
    const hop = await addWebhook(db, admin, {
      name: "Redirecting",
      url: `${emulator().http}/_emulator/webhooks/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`,
      format: "slack",
      events: ["rotation.failed"],
      allowPrivateTargets: true,
    });
    const outcome = await sendTest(db, admin, { id: hop.id });
    expect(outcome).toMatchObject({ ok: false });
    expect((outcome as { reason: string }).reason).toMatch(/redirected to 169\.254\.169\.254.*refused.*link-local/);
    await db.delete(notificationChannels).where(eq(notificationChannels.id, hop.id));
  });

  it("a failed rotation reaches its owner and the admin address by mail and the webhook signed, once each, with no secret in any", async () => {
    const legacy = await manage("legacy-batch", { organization: "contoso-data", projectName: "shared-infra", endpointId: SERVICE_CONNECTIONS.legacyBatchArm });
    const db = await getDb();
    const { ownerOid } = { ownerOid: (await import("../../emulator/seed")).USERS.find((u) => u.key === "contoso-owner")!.oid };
    const { applicationOwners } = await import("@/db/schema");
    await db.insert(applicationOwners).values({ applicationId: legacy.id, ownerOid, syncedAt: new Date() }).onConflictDoNothing();
    const mailsBefore = (await mails()).length;
    const hooksBefore = (await deliveries()).length;

    // The connection's PUT keeps failing: the rotation rolls back and ends failed. The sinks refuse once each, too.
    const fault = await addFault({ host: "devops", method: "PUT", status: 500 });
    await post("mail/settings", { rejectNext: 1 });
    await post("webhooks/settings", { failNext: 1 });
    let rotationId: string;
    try {
      const { rotation } = await createOrGetActiveRotation(db, { tenantId: legacy.tenantId, applicationId: legacy.id, trigger: "schedule", requestedBy: "system" });
      rotationId = rotation.id;
      expect((await runRotation(rotation.id, legacy.tenantId))!.state).toBe("failed");
    } finally {
      await removeFault(fault);
    }

    await alertWorkerTick();
    const queued = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupKey, `rotation.failed:${rotationId}`));
    expect(queued.map((r) => r.recipient).sort()).toEqual(["omar@contoso.example", "secops@contoso.example", "webhook"]);
    // The first attempt met a refusing sink for one mail and the webhook: they wait for their retry.
    expect(queued.filter((r) => r.status === "pending").length).toBeGreaterThanOrEqual(1);
    await deliverDueMessages(db, { owner: "retry-test", now: new Date(Date.now() + 60 * 60_000) });
    await alertWorkerTick(); // a second sweep queues nothing new

    const after = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupKey, `rotation.failed:${rotationId}`));
    expect(after.map((r) => r.status)).toEqual(["delivered", "delivered", "delivered"]);
    // (Legacy Batch's 3-day secret also earns an expiry reminder now that its last rotation failed: not counted here.)
    const newMails = (await mails()).slice(mailsBefore).filter((m) => m.subject === "[Rotor] Rotation of Legacy Batch failed");
    expect(newMails.map((m) => m.to).sort()).toEqual(["omar@contoso.example", "secops@contoso.example"]);
    const newHooks = (await deliveries()).slice(hooksBefore).filter((d) => d.status === 200);
    expect(newHooks).toHaveLength(1);
    const hook = newHooks[0]!;
    expect(hook.headers["x-rotor-event"]).toBe("rotation.failed");
    expect(verifySignature(signingSecret, { body: hook.body, signature: hook.headers["x-rotor-signature"]!, timestamp: hook.headers["x-rotor-timestamp"]! })).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({ event: "rotation.failed", rotationId, application: { name: "Legacy Batch" } });

    // No secret Entra issued, no SMTP password and no signing secret in any mail or webhook body.
    const issued = ((await (await sink("issued-secrets")).json()) as { value: { secretText: string }[] }).value.map((s) => s.secretText);
    const everything = JSON.stringify([await mails(), await deliveries()]);
    for (const secret of [...issued, SMTP_PASSWORD, signingSecret]) expect(everything).not.toContain(secret);
  });

  it("old secrets still valid hours after their overlap: one alert per rotation, with the reason the journal gave", async () => {
    const containers = await manage("container-builds");
    const db = await getDb();
    const { rotations, rotationOutput } = await import("@/db/schema");
    const { randomUUID } = await import("node:crypto");
    const id = randomUUID();
    const hours = (n: number) => new Date(Date.now() - n * 3_600_000);
    await db.insert(rotations).values({
      id, tenantId: containers.tenantId, applicationId: containers.id, trigger: "schedule", requestedBy: "system", state: "succeeded",
      oldKeyIds: ["0a0a0a0a-0000-4000-8000-000000000001"], oldSecretsRemoveAfter: hours(4), finishedAt: hours(5),
    });
    await db.insert(rotationOutput).values({ rotationId: id, at: hours(1), level: "warn", message: "Could not remove the old secret(s) yet: Microsoft Graph answered 403. A later run will." });
    const mailsBefore = (await mails()).length;
    await alertWorkerTick();
    await alertWorkerTick();
    const about = (await mails()).slice(mailsBefore).filter((m) => m.subject === "[Rotor] Old secret of Container Builds could not be removed");
    expect(about.map((m) => m.to)).toEqual(["secops@contoso.example"]); // nobody owns it in this file's database
    expect(about[0]!.text).toContain("Microsoft Graph answered 403");
  });

  it("a secret expiring in 5 days of an application whose schedule is off: one reminder however many runs, another at 3 days", async () => {
    const db = await getDb();
    const { applications } = await import("@/db/schema");
    const { randomUUID } = await import("node:crypto");
    const { announceExpiringSecrets } = await import("@/lib/notify/reminders");
    const bulk = (await (await post("bulk/applications", { tenant: "contoso", count: 1, secretExpiresInDays: 5 })).json()) as { value: { appId: string; objectId: string; displayName: string }[] };
    const created = bulk.value[0]!;
    // The emulator is shared by every test file: the application goes again when this test ends.
    onTestFinished(async () => void (await sink(`bulk/applications/${created.appId}`, { method: "DELETE" })));
    const id = randomUUID();
    await db.insert(applications).values({ id, tenantId: TENANTS.contoso.id, appId: created.appId, objectId: created.objectId, displayName: created.displayName, scheduleEnabled: false });
    const reminders = () => db.select().from(notificationOutbox).where(eq(notificationOutbox.eventType, "secret.expiring")).then((rows) => rows.filter((r) => r.dedupKey.includes(id)));
    const now = Date.now();
    for (const hoursLater of [0, 1, 2, 24, 47]) await announceExpiringSecrets(db, new Date(now + hoursLater * 3_600_000));
    const first = await reminders();
    // The admin address only: nobody owns this application, and the webhook is not subscribed to reminders.
    expect(first.map((r) => [r.recipient, r.dedupKey.split(":").at(-1)])).toEqual([["secops@contoso.example", "14"]]);
    expect((first[0]!.message as { title: string }).title).toBe(`A secret of ${created.displayName} expires in 5 days`);
    // 2.5 days left: the 3-day reminder, once.
    for (const hoursLater of [60, 61, 72]) await announceExpiringSecrets(db, new Date(now + hoursLater * 3_600_000));
    expect((await reminders()).map((r) => r.dedupKey.split(":").at(-1)).sort()).toEqual(["14", "3"]);
  });

  it("a due run's summary reaches the admin addresses only when the tenant opted in, once per run", async () => {
    const db = await getDb();
    const { dueRuns } = await import("@/db/schema");
    const { randomUUID } = await import("node:crypto");
    const run = async () => {
      const id = randomUUID();
      await db.insert(dueRuns).values({ id, tenantId: TENANTS.contoso.id, trigger: "built_in", requestedBy: "system", owner: "test", startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(), started: 2, succeeded: 1, failed: 1 });
      return id;
    };
    const summaries = async () => (await db.select().from(notificationOutbox).where(eq(notificationOutbox.eventType, "due_run.summary"))).map((r) => r.dedupKey);
    const optedOut = await run();
    await alertWorkerTick();
    expect(await summaries()).toEqual([]);
    await saveAlertSettings(db, admin, { adminAddresses: ["secops@contoso.example"], reminderDays: [14, 3], dueRunSummary: true });
    try {
      const optedIn = await run();
      const mailsBefore = (await mails()).length;
      await alertWorkerTick();
      await alertWorkerTick();
      expect(await summaries(), "the run before the opt-in stays unannounced").toEqual([`due_run.summary:${optedIn}`]);
      expect(optedOut).not.toBe(optedIn);
      const sent = (await mails()).slice(mailsBefore).filter((m) => m.subject.startsWith("[Rotor] Due run:"));
      expect(sent.map((m) => [m.to, m.subject])).toEqual([["secops@contoso.example", "[Rotor] Due run: 2 rotations started, 1 failed"]]);
    } finally {
      await saveAlertSettings(db, admin, { adminAddresses: ["secops@contoso.example"], reminderDays: [14, 3], dueRunSummary: false });
    }
  });

  it("a worker that died holding messages: they are delivered once its lease runs out, and never again", async () => {
    const db = await getDb();
    const { enqueueAlert } = await import("@/lib/notify/enqueue");
    await deliverDueMessages(db, { owner: "drain", now: new Date(Date.now() + 10 * 86_400_000), limit: 100 }); // what earlier tests left queued
    const now = new Date();
    await enqueueAlert(db, {
      tenantId: TENANTS.contoso.id,
      event: "rotation.failed",
      dedupKey: "crash-test",
      message: { event: "rotation.failed", title: "Crash test", lines: ["one"], occurredAt: now.toISOString(), tenantName: "Contoso" },
      now,
    });
    const claimed = await claimDueMessages(db, { owner: "dead-worker", now, leaseUntil: new Date(now.getTime() + 60_000) });
    expect(claimed.length).toBe(2);
    const mailsBefore = (await mails()).length;
    expect(await deliverDueMessages(db, { owner: "next-worker", now: new Date(now.getTime() + 30_000) })).toEqual({ delivered: 0, failed: 0 });
    expect(await deliverDueMessages(db, { owner: "next-worker", now: new Date(now.getTime() + 61_000) })).toEqual({ delivered: 2, failed: 0 });
    expect(await deliverDueMessages(db, { owner: "third-worker", now: new Date(now.getTime() + 3_600_000) })).toEqual({ delivered: 0, failed: 0 });
    expect((await mails()).slice(mailsBefore).filter((m) => m.subject === "[Rotor] Crash test")).toHaveLength(1);
  });
});
