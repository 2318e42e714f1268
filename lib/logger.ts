import pino from "pino";

/**
 * Structured logs. Anything shaped like a credential is redacted by key, wherever it sits, so a
 * careless `log.info({ tokens })` still writes no secret.
 */
export const REDACTED_KEYS = [
  "authorization",
  "password",
  "secret",
  "secretText",
  "clientSecret",
  "client_secret",
  "pat",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "apiKey",
  "key",
  "databaseUrl",
  "connectionString",
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "rotor" },
  redact: {
    paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((k) => `*.${k}`), ...REDACTED_KEYS.map((k) => `*.*.${k}`)],
    censor: "[redacted]",
  },
});
