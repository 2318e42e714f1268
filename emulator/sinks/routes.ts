import { Hono } from "hono";
import { z } from "zod";
import type { MailSink } from "./mail-sink";
import { escapeHtml, sinkPage, when } from "./page";
import type { WebhookSink } from "./webhook-sink";

const mailSettingsInput = z
  .object({
    rejectNext: z.number().int().min(0).max(100).optional(),
    requireAuth: z.object({ user: z.string().min(1).max(200), password: z.string().min(1).max(200) }).nullable().optional(),
  })
  .strict();

/** `/_emulator/mail`: the mailbox page, `mail.json` for tests, and knobs to make the sink refuse. */
export function mailRoutes(sink: MailSink) {
  const app = new Hono();
  app.get("/mail.json", (c) => c.json({ count: sink.messages.length, port: sink.port, value: sink.messages }));
  app.delete("/mail.json", (c) => {
    sink.clear();
    return c.body(null, 204);
  });
  app.post("/mail/settings", async (c) => {
    const parsed = mailSettingsInput.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: "Send { rejectNext?: number, requireAuth?: { user, password } | null }." }, 400);
    Object.assign(sink.settings, parsed.data);
    return c.json({ rejectNext: sink.settings.rejectNext, requireAuth: sink.settings.requireAuth ? { user: sink.settings.requireAuth.user } : null });
  });
  app.get("/mail", (c) => {
    const newest = [...sink.messages].reverse();
    const selected = newest.find((m) => m.id === c.req.query("id")) ?? newest[0];
    const list = newest.length
      ? `<ol>${newest
          .map(
            (m) => `<li><a href="/_emulator/mail?id=${m.id}"${m === selected ? ' aria-current="true"' : ""}>
<span class="row1"><span class="who">${escapeHtml(m.to || m.envelopeTo.join(", "))}</span><span class="when">${when(m.receivedAt)}</span></span>
<span class="subject">${escapeHtml(m.subject || "(no subject)")}</span></a></li>`,
          )
          .join("")}</ol>`
      : "";
    const detail = selected
      ? `<h2>${escapeHtml(selected.subject || "(no subject)")}</h2>
<dl class="meta"><dt>From</dt><dd>${escapeHtml(selected.from)}</dd><dt>To</dt><dd>${escapeHtml(selected.to)}</dd>
<dt>Received</dt><dd>${when(selected.receivedAt)}</dd><dt>Message-ID</dt><dd>${escapeHtml(selected.messageId ?? "—")}</dd>
<dt>Connection</dt><dd>${selected.secure ? '<span class="badge ok">TLS</span>' : '<span class="badge bad">plain text</span>'} ${selected.authUser ? `signed in as ${escapeHtml(selected.authUser)}` : "no login"}</dd></dl>
<pre>${escapeHtml(selected.text)}</pre>`
      : `<p class="empty">No mail yet. Rotor's alerts and “Send a test” land here (SMTP on localhost:${sink.port}).</p>`;
    return c.html(sinkPage({ title: "Mailbox", heading: "Mailbox", intro: `${sink.messages.length} message(s) received by the local SMTP sink on port ${sink.port}. Nothing is relayed.`, list, detail }));
  });
  return app;
}

const webhookSettingsInput = z
  .object({ failNext: z.number().int().min(0).max(100).optional(), failStatus: z.number().int().min(400).max(599).optional() })
  .strict();

/** `/_emulator/webhooks`: the receiving end (`POST …/in/<name>`), the deliveries page and `webhooks.json`. */
export function webhookRoutes(sink: WebhookSink) {
  const app = new Hono();
  app.post("/webhooks/in/:name", async (c) => {
    const entry = sink.record(c.req.param("name"), c.req.raw.headers, await c.req.text());
    return entry.status === 200 ? c.json({ received: entry.id }) : c.json({ message: "The emulator's webhook sink was told to fail this delivery." }, entry.status as 503);
  });
  // A receiver that redirects elsewhere, for the target guard's tests (the sender must check the new target too).
  app.post("/webhooks/redirect", (c) => {
    const to = c.req.query("to");
    if (!to) return c.json({ message: "Give ?to=<url>." }, 400);
    return c.redirect(to, 307);
  });
  app.get("/webhooks.json", (c) => c.json({ count: sink.deliveries.length, value: sink.deliveries }));
  app.delete("/webhooks.json", (c) => {
    sink.clear();
    return c.body(null, 204);
  });
  app.post("/webhooks/settings", async (c) => {
    const parsed = webhookSettingsInput.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: "Send { failNext?: number, failStatus?: 400–599 }." }, 400);
    Object.assign(sink.settings, parsed.data);
    return c.json(sink.settings);
  });
  app.get("/webhooks", (c) => {
    const newest = [...sink.deliveries].reverse();
    const selected = newest.find((d) => d.id === c.req.query("id")) ?? newest[0];
    const list = newest.length
      ? `<ol>${newest
          .map(
            (d) => `<li><a href="/_emulator/webhooks?id=${d.id}"${d === selected ? ' aria-current="true"' : ""}>
<span class="row1"><span class="who">${escapeHtml(d.name)}</span><span class="when">${when(d.receivedAt)}</span></span>
<span class="subject"><span class="badge ${d.status === 200 ? "ok" : "bad"}">${d.status}</span> ${escapeHtml(d.headers["x-rotor-event"] ?? "")}</span></a></li>`,
          )
          .join("")}</ol>`
      : "";
    const headerRows = selected ? Object.entries(selected.headers).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("") : "";
    const detail = selected
      ? `<h2>Delivery to “${escapeHtml(selected.name)}”</h2>
<p>Received ${when(selected.receivedAt)} · answered <span class="badge ${selected.status === 200 ? "ok" : "bad"}">${selected.status}</span></p>
<dl class="meta">${headerRows}</dl><pre>${escapeHtml(pretty(selected.body))}</pre>`
      : `<p class="empty">No deliveries yet. Point a webhook channel at /_emulator/webhooks/in/&lt;name&gt; on this host.</p>`;
    return c.html(sinkPage({ title: "Webhooks", heading: "Webhooks", intro: `${sink.deliveries.length} delivery(ies) received, each with its headers.`, list, detail }));
  });
  return app;
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
