import { randomUUID } from "node:crypto";

/** One POST the webhook sink received, with every header, as a receiver would see it. */
export type ReceivedWebhook = {
  id: string;
  receivedAt: string;
  /** The last path segment: one sink address per demo channel (`/_emulator/webhooks/in/<name>`). */
  name: string;
  headers: Record<string, string>;
  body: string;
  status: number;
};

export type WebhookSinkSettings = {
  /** Answer the next N deliveries with `failStatus`, to exercise retries and a failing channel. */
  failNext: number;
  failStatus: number;
};

const MAX_DELIVERIES = 500;

/** Records webhook deliveries for `/_emulator/webhooks`; it relays nothing. */
export class WebhookSink {
  readonly deliveries: ReceivedWebhook[] = [];
  readonly settings: WebhookSinkSettings = { failNext: 0, failStatus: 503 };

  record(name: string, headers: Headers, body: string): ReceivedWebhook {
    let status = 200;
    if (this.settings.failNext > 0) {
      this.settings.failNext--;
      status = this.settings.failStatus;
    }
    const entry: ReceivedWebhook = { id: randomUUID(), receivedAt: new Date().toISOString(), name, headers: Object.fromEntries(headers), body, status };
    this.deliveries.push(entry);
    if (this.deliveries.length > MAX_DELIVERIES) this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERIES);
    return entry;
  }

  clear(): void {
    this.deliveries.splice(0);
    this.settings.failNext = 0;
  }
}
