import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANTS, USERS } from "../../emulator/seed";
import { bindApplication, createSchedulerKey, schedulerApi, useStackData, type Managed } from "../support/process-rotor";
import { emulatorControl, startProcessStack, waitFor, type ProcessStack } from "../support/process-stack";

/**
 * Issue 13's "Done when", against the real `next start`: a rotation that fails reaches its owner's
 * mailbox (the emulator's SMTP sink) and the webhook sink signed, within 60 s, through the
 * server's own alert worker; and messages left in the outbox by a server killed before delivering
 * them are delivered once after the restart, while those it had delivered are not sent again.
 */
type Mail = { to: string; subject: string; messageId: string | null };
type Delivery = { headers: Record<string, string>; body: string; status: number };

let stack: ProcessStack;
let app: Managed;
let signingSecret: string;
let api: ReturnType<typeof schedulerApi>;
const omar = USERS.find((u) => u.key === "contoso-owner")!;
const adele = USERS.find((u) => u.key === "contoso-admin")!;

const sink = (path: string) => fetch(`${stack.emulator.urls.http}/_emulator/${path}`).then((r) => r.json());
const mails = async () => ((await sink("mail.json")) as { value: Mail[] }).value;
const deliveries = async () => ((await sink("webhooks.json")) as { value: Delivery[] }).value;

beforeAll(async () => {
  stack = await startProcessStack();
  useStackData(stack);
  app = await bindApplication("payments-api");
  const { getDb } = await import("@/db");
  const { upsertSignedInUser } = await import("@/db/queries/users");
  const { applicationOwners } = await import("@/db/schema");
  const { saveSmtpChannel } = await import("@/lib/notify/save-smtp-channel");
  const { addWebhook } = await import("@/lib/notify/add-webhook");
  const db = await getDb();
  const tenantId = TENANTS.contoso.id;
  // Omar owns Payments API and has signed in (so Rotor knows his address); Adele sets up the channels.
  await upsertSignedInUser(db, { tenantId, oid: omar.oid, homeTenantId: tenantId, email: omar.email, name: omar.name, role: "member" });
  const admin = await upsertSignedInUser(db, { tenantId, oid: adele.oid, homeTenantId: tenantId, email: adele.email, name: adele.name, role: "admin" });
  await db.insert(applicationOwners).values({ applicationId: app.id, ownerOid: omar.oid, syncedAt: new Date() });
  const who = { id: admin.id, tenantId, tenantName: TENANTS.contoso.name, name: admin.name, role: "admin" };
  const smtp = stack.emulator.urls.smtp;
  await saveSmtpChannel(db, who, { host: smtp.host, port: smtp.port, tlsMode: "starttls", user: "", removePassword: false, from: "rotor@contoso.example", enabled: true, allowPrivateTargets: true });
  signingSecret = (await addWebhook(db, who, { name: "Ops", url: `${stack.emulator.urls.webhookSink}/ops`, format: "generic", events: ["rotation.failed"], allowPrivateTargets: true })).signingSecret!;
  api = schedulerApi(stack.appUrl, await createSchedulerKey(tenantId));
});

afterAll(async () => {
  await stack?.stop();
});

describe("alerts from the running server", () => {
  it("a failed rotation: the owner's mail and a signed webhook arrive within 60 s", async () => {
    const control = emulatorControl(stack.emulator);
    await control.addFault({ host: "devops", method: "PUT", status: 500 });
    const started = await api.start(app.id);
    expect(started.status).toBe(202);
    const t0 = Date.now();
    try {
      const mail = await waitFor("the owner's mail", async () => (await mails()).find((m) => m.to === omar.email), 60_000, 250);
      const hook = await waitFor("the webhook delivery", async () => (await deliveries()).find((d) => d.headers["x-rotor-event"] === "rotation.failed"), 60_000, 250);
      const seconds = (Date.now() - t0) / 1000;
      console.log(`alert latency from the rotation request: ${seconds.toFixed(1)} s (mail and webhook)`);
      expect(seconds).toBeLessThan(60);
      expect(mail.subject).toBe("[Rotor] Rotation of Payments API failed");
      const { verifySignature } = await import("@/lib/notify/signature");
      expect(verifySignature(signingSecret, { body: hook.body, signature: hook.headers["x-rotor-signature"]!, timestamp: hook.headers["x-rotor-timestamp"]! })).toBe(true);
    } finally {
      await control.removeFaults();
    }
  });

  it("killed with messages in the outbox (one claimed, one not): after the restart each arrives once, and nothing delivered before is sent again", async () => {
    const before = { mails: (await mails()).length, hooks: (await deliveries()).length };
    await stack.kill();
    const { getDb } = await import("@/db");
    const { enqueueAlert } = await import("@/lib/notify/enqueue");
    const { claimDueMessages } = await import("@/db/queries/notifications");
    const db = await getDb();
    const now = new Date();
    // What the dead server had written: an event queued for the owner's mail and the webhook…
    await enqueueAlert(db, {
      tenantId: app.tenantId,
      event: "rotation.failed",
      dedupKey: "crash:after-outbox-write",
      ownerOids: [omar.oid],
      now,
      message: { event: "rotation.failed", title: "Left in the outbox", lines: ["Queued just before the server died."], occurredAt: now.toISOString(), tenantName: "Contoso" },
    });
    // …one of them already claimed by its worker, which died before it could send (its lease runs for 5 s more).
    const claimed = await claimDueMessages(db, { owner: "dead-server", now, leaseUntil: new Date(now.getTime() + 5_000), limit: 1 });
    expect(claimed).toHaveLength(1);

    await stack.restart();
    await waitFor("both messages delivered", async () => {
      const sent = (await mails()).slice(before.mails).filter((m) => m.subject === "[Rotor] Left in the outbox").length + (await deliveries()).slice(before.hooks).filter((d) => d.body.includes("Left in the outbox")).length;
      return sent >= 2 ? sent : undefined;
    }, 60_000, 250);
    // Another pass of the worker (5 s) would send again anything it wrongly still considered due.
    await new Promise((done) => setTimeout(done, 6_000));
    const newMails = (await mails()).slice(before.mails);
    const newHooks = (await deliveries()).slice(before.hooks);
    // (The restarted server also reminds Omar that Payments API's secret expires soon, its last rotation having failed.)
    expect(newMails.filter((m) => m.subject === "[Rotor] Left in the outbox")).toHaveLength(1);
    expect(newMails.filter((m) => m.subject === "[Rotor] Rotation of Payments API failed"), "the failure's mail, delivered before the kill, is not sent again").toHaveLength(0);
    expect(newHooks.filter((d) => d.body.includes("Left in the outbox"))).toHaveLength(1);
    expect(newHooks.filter((d) => d.body.includes("Rotation of Payments API failed")), "the failed rotation's webhook, delivered before the kill, is not sent again").toHaveLength(0);
  });
});
