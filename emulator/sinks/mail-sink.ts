import { simpleParser } from "mailparser";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message the sink accepted, as a mailbox shows it. The SMTP password is never kept. */
export type ReceivedMail = {
  id: string;
  receivedAt: string;
  /** Envelope sender and recipients (what the SMTP client said in MAIL FROM / RCPT TO). */
  envelopeFrom: string | null;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  headers: Record<string, string>;
  /** The user name the client authenticated with, if any; whether the session was upgraded to TLS. */
  authUser: string | null;
  secure: boolean;
};

export type MailSinkSettings = {
  /** Refuse the next N messages with a temporary failure (451), to exercise retries. */
  rejectNext: number;
  /** When set, AUTH succeeds only with this user and password (the demo's SMTP login). */
  requireAuth: { user: string; password: string } | null;
};

const MAX_MESSAGES = 500;

/**
 * The embedded default's SMTP server: a real one (smtp-server) on loopback inside the emulator's
 * process, offering STARTTLS with the emulator's certificate, that keeps what it receives for the
 * mailbox page instead of relaying it anywhere.
 */
export class MailSink {
  readonly messages: ReceivedMail[] = [];
  readonly settings: MailSinkSettings = { rejectNext: 0, requireAuth: null };
  private server: SMTPServer;
  port = 0;

  constructor(tls: { key: string; cert: string }) {
    this.server = new SMTPServer({
      key: tls.key,
      cert: tls.cert,
      name: "localhost",
      banner: "Rotor emulator mail sink",
      authOptional: true,
      // A relay reached without TLS (TLS mode "none") may still log in; Rotor's demo channel uses STARTTLS.
      allowInsecureAuth: true,
      size: 1024 * 1024,
      logger: false,
      onAuth: (auth, _session, callback) => {
        const required = this.settings.requireAuth;
        if (required && (auth.username !== required.user || auth.password !== required.password)) {
          return callback(new Error("535 5.7.8 Authentication credentials invalid"));
        }
        callback(null, { user: auth.username });
      },
      onData: (stream, session, callback) => {
        void simpleParser(stream)
          .then((parsed) => {
            if (this.settings.rejectNext > 0) {
              this.settings.rejectNext--;
              const error = new Error("451 4.3.0 The emulator's mail sink was told to refuse this message; try again later") as Error & { responseCode: number };
              error.responseCode = 451;
              return callback(error);
            }
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
            this.messages.push({
              id: randomUUID(),
              receivedAt: new Date().toISOString(),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: parsed.from?.text ?? "",
              to: [parsed.to ?? []].flat().map((a) => a.text).join(", "),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : null,
              messageId: parsed.messageId ?? null,
              headers,
              authUser: typeof session.user === "string" ? session.user : null,
              secure: session.secure,
            });
            if (this.messages.length > MAX_MESSAGES) this.messages.splice(0, this.messages.length - MAX_MESSAGES);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  clear(): void {
    this.messages.splice(0);
    this.settings.rejectNext = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
