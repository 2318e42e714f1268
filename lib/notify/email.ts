import type { SmtpTlsMode } from "@/db/schema";
import nodemailer from "nodemailer";
import type { AlertMessage } from "./message";
import { resolveTarget, type TargetPolicy } from "./target-guard";

export type SmtpServer = {
  host: string;
  port: number;
  tlsMode: SmtpTlsMode;
  user: string | null;
  password: string | null;
  from: string;
  policy: TargetPolicy;
};

const TIMEOUT_MS = 10_000;

export function emailText(message: AlertMessage): string {
  return [
    ...message.lines,
    "",
    message.link ? `Open in Rotor: ${message.link}` : null,
    "",
    `— Rotor, for ${message.tenantName}. You receive this as an owner of the application in Entra ID or as one of the tenant's alert addresses.`,
  ]
    .filter((line): line is string => line !== null)
    .join("\n");
}

/**
 * Sends one alert to one address through the tenant's SMTP server. The host is checked like a
 * webhook target (an SMTP host must not probe the network either) and the connection goes to the
 * checked address; TLS still verifies the certificate against the host name.
 */
export async function sendEmail(server: SmtpServer, to: string, message: AlertMessage, messageId: string): Promise<void> {
  const pinned = await resolveTarget(server.host, server.policy);
  const transport = nodemailer.createTransport({
    host: pinned.address,
    port: server.port,
    secure: server.tlsMode === "tls",
    requireTLS: server.tlsMode === "starttls",
    ignoreTLS: server.tlsMode === "none",
    tls: { servername: server.host },
    auth: server.user ? { user: server.user, pass: server.password ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    name: "rotor",
  });
  try {
    await transport.sendMail({
      from: server.from,
      to,
      subject: `[Rotor] ${message.title}`,
      text: emailText(message),
      // The outbox row's id: a receiver (and a person) can tell a repeat from a new alert.
      messageId: `<${messageId}@rotor.alerts>`,
      headers: { "X-Rotor-Event": message.event },
    });
  } finally {
    transport.close();
  }
}
