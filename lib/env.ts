import { resolve } from "node:path";
import { z } from "zod";
import { createKeyring, parseKey, type Keyring } from "./crypto/secret-box";
import { EMBEDDED, emulatorUrls } from "./embedded-defaults";
import { ensureEmbeddedSecrets } from "./embedded-secrets";

/**
 * Every setting Rotor reads, validated once. Nothing else reads process.env.
 *
 * ROTOR_PROFILE=embedded (the default) runs on a local SQLite file and the bundled Azure
 * emulator, making its own keys on first start. ROTOR_PROFILE=azure talks to real Azure and
 * requires every secret to be given.
 */
const url = (name: string) =>
  z.url({ error: `${name} must be an absolute http(s) URL.` }).transform((value) => value.replace(/\/+$/, ""));

const port = (name: string) =>
  z.coerce.number({ error: `${name} must be a port number.` }).int().min(1).max(65535);

const raw = z.object({
  ROTOR_PROFILE: z.enum(["embedded", "azure"], { error: "ROTOR_PROFILE must be 'embedded' or 'azure'." }).default("embedded"),
  ROTOR_DATA_DIR: z.string().min(1).default("data"),
  ROTOR_DATABASE_FILE: z.string().min(1).optional(),
  ROTOR_DATABASE_URL: z.string().optional(),
  ROTOR_ENCRYPTION_KEY: z.string().optional(),
  ROTOR_ENCRYPTION_PREVIOUS_KEYS: z.string().optional(),
  AUTH_SECRET: z.string().optional(),
  AUTH_URL: url("AUTH_URL").optional(),
  AZURE_CLIENT_ID: z.uuid({ error: "AZURE_CLIENT_ID must be the application (client) id GUID of Rotor's app registration." }).optional(),
  AZURE_CLIENT_SECRET: z.string().optional(),
  ROTOR_LOGIN_URL: url("ROTOR_LOGIN_URL").optional(),
  ROTOR_GRAPH_URL: url("ROTOR_GRAPH_URL").optional(),
  ROTOR_DEVOPS_URL: url("ROTOR_DEVOPS_URL").optional(),
  ROTOR_DEVOPS_VSSPS_URL: url("ROTOR_DEVOPS_VSSPS_URL").optional(),
  ROTOR_DEVOPS_ACCOUNTS_URL: url("ROTOR_DEVOPS_ACCOUNTS_URL").optional(),
  ROTOR_BOOTSTRAP_ADMINS: z.string().default(""),
  ROTOR_EMULATOR_HTTP_PORT: port("ROTOR_EMULATOR_HTTP_PORT").default(EMBEDDED.emulatorHttpPort),
  ROTOR_EMULATOR_HTTPS_PORT: port("ROTOR_EMULATOR_HTTPS_PORT").default(EMBEDDED.emulatorHttpsPort),
  ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS: z.coerce
    .number({ error: "ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS must be a number of seconds." })
    .int()
    .min(1)
    .max(600)
    .default(120),
  ROTOR_AZURE_TIMEOUT_SECONDS: z.coerce
    .number({ error: "ROTOR_AZURE_TIMEOUT_SECONDS must be a number of seconds." })
    .min(0.2)
    .max(300)
    .default(30),
  ROTOR_GRAPH_USER_READ_BASIC_ALL: z
    .enum(["true", "false", "1", "0"], { error: "ROTOR_GRAPH_USER_READ_BASIC_ALL must be 'true' or 'false'." })
    .default("false"),
  ROTOR_TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: "ROTOR_TRUSTED_PROXY_HOPS must be a whole number of reverse proxies (0 to 5)." })
    .int({ error: "ROTOR_TRUSTED_PROXY_HOPS must be a whole number of reverse proxies (0 to 5)." })
    .min(0, { error: "ROTOR_TRUSTED_PROXY_HOPS must be a whole number of reverse proxies (0 to 5)." })
    .max(5, { error: "ROTOR_TRUSTED_PROXY_HOPS must be a whole number of reverse proxies (0 to 5)." })
    .default(0),
  ROTOR_SCHEDULER_INTERVAL_SECONDS: z.coerce
    .number({ error: "ROTOR_SCHEDULER_INTERVAL_SECONDS must be a number of seconds (0 turns the built-in scheduler off on this server)." })
    .int({ error: "ROTOR_SCHEDULER_INTERVAL_SECONDS must be a whole number of seconds." })
    .min(0)
    .max(7 * 86_400)
    .default(3600),
  ROTOR_SESSION_MAX_HOURS: z.coerce
    .number({ error: "ROTOR_SESSION_MAX_HOURS must be a number of hours." })
    .positive()
    .max(24 * 7)
    .default(8),
  // At most an hour: the role is recomputed from Entra ID at least hourly (security review, finding 4).
  ROTOR_SESSION_REVALIDATE_SECONDS: z.coerce
    .number({ error: "ROTOR_SESSION_REVALIDATE_SECONDS must be a number of seconds." })
    .min(1)
    .max(3600)
    .default(300),
  ROTOR_TOKEN_INACTIVE_DAYS: z.coerce
    .number({ error: "ROTOR_TOKEN_INACTIVE_DAYS must be a number of days." })
    .positive()
    .max(365)
    .default(14),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Set by `npm run demo` only: the embedded default is then expected, not a forgotten setting. */
  ROTOR_DEMO: z.string().optional(),
});

export type Env = {
  profile: "embedded" | "azure";
  /**
   * The embedded default outside `npm run demo`: someone may have meant to run against Azure and
   * forgot ROTOR_PROFILE, so start-up and every page say so.
   */
  embeddedOutsideDemo: boolean;
  dataDir: string;
  /** The SQLite file of the embedded engine (unused when `databaseUrl` is set). */
  databaseFile: string;
  /** `postgres://…` when Rotor runs on PostgreSQL; holds a password: never log it (see redactDatabaseUrl). */
  databaseUrl?: string;
  keyring: Keyring;
  authSecret: string;
  appUrl: string;
  clientId: string;
  clientSecret: string;
  urls: {
    /** Entra ID authority host: OIDC sign-in and @azure/identity token requests. */
    login: string;
    graph: string;
    devops: string;
    vssps: string;
    accounts: string;
  };
  bootstrapAdmins: string[];
  logLevel: z.infer<typeof raw>["LOG_LEVEL"];
  /** How long a rotation waits for Entra ID to accept a new secret before it gives up and rolls back. */
  propagationTimeoutMs: number;
  /** How long one call to Entra ID, Graph or Azure DevOps may take before it counts as failed. */
  azureTimeoutMs: number;
  /** Rotor was granted the optional Graph application permission User.ReadBasic.All: it may read owners' names and addresses. */
  graphUserReadBasicAll: boolean;
  /**
   * How many reverse proxies in front of Rotor append to X-Forwarded-For. 0: the header is not
   * trusted at all (a client may write it), so failures are counted per key prefix and in one
   * shared address bucket.
   */
  trustedProxyHops: number;
  /** How often the built-in scheduler runs each tenant's due run; 0 when it is off on this server. */
  schedulerIntervalMs: number;
  sessions: {
    /** Absolute lifetime: a session ends this long after sign-in, however busy. */
    maxAgeMs: number;
    /** How old a session's last confirmation by Entra ID may be before the next request asks again. */
    revalidateMs: number;
    /** Sealed provider tokens of people with no session and no activity for this long are deleted. */
    tokenInactiveMs: number;
  };
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const LOOPBACK = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\]|\[::ffff:127(\.\d{1,3}){3}\])$/i;

/**
 * On the azure profile every Azure URL carries secrets and tokens: https only, and never a
 * loopback host (a leftover emulator URL would send Rotor's credentials to whatever listens there).
 */
function requireRealAzureUrl(name: string, value: string): void {
  const { protocol, hostname } = new URL(value);
  if (protocol !== "https:") throw new ConfigError(`Rotor cannot start: ${name} must be an https:// URL when ROTOR_PROFILE=azure.`);
  if (LOOPBACK.test(hostname)) {
    throw new ConfigError(`Rotor cannot start: ${name} points at this machine (${hostname}); with ROTOR_PROFILE=azure it must be the real Azure service.`);
  }
}

const PUBLIC_CLOUD = {
  login: "https://login.microsoftonline.com",
  graph: "https://graph.microsoft.com",
  devops: "https://dev.azure.com",
  vssps: "https://vssps.dev.azure.com",
  accounts: "https://app.vssps.visualstudio.com",
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = raw.safeParse(source);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const setting = String(first.path[0] ?? "configuration");
    throw new ConfigError(`Rotor cannot start: ${first.message.includes(setting) ? first.message : `${setting}: ${first.message}`}`);
  }
  const e = parsed.data;
  const databaseUrl = parseDatabaseUrl(e.ROTOR_DATABASE_URL, e.ROTOR_DATABASE_FILE);
  const dataDir = resolve(/*turbopackIgnore: true*/ e.ROTOR_DATA_DIR);
  const embedded = e.ROTOR_PROFILE === "embedded";
  const generated = embedded ? ensureEmbeddedSecrets(dataDir) : undefined;
  const emulator = emulatorUrls(e.ROTOR_EMULATOR_HTTP_PORT, e.ROTOR_EMULATOR_HTTPS_PORT);

  const required = (name: string, value: string | undefined, fallback: string | undefined) => {
    const chosen = value || fallback;
    if (!chosen) {
      throw new ConfigError(`Rotor cannot start: ${name} is not set; it is required when ROTOR_PROFILE=azure.`);
    }
    return chosen;
  };

  let keyring: Keyring;
  try {
    const current = parseKey(required("ROTOR_ENCRYPTION_KEY", e.ROTOR_ENCRYPTION_KEY, generated?.encryptionKey), "ROTOR_ENCRYPTION_KEY");
    const previous = [
      ...(e.ROTOR_ENCRYPTION_PREVIOUS_KEYS ?? "").split(",").map((value) => value.trim()).filter(Boolean),
      ...(generated?.previousEncryptionKeys ?? []),
    ].map((value) => parseKey(value, "ROTOR_ENCRYPTION_PREVIOUS_KEYS"));
    keyring = createKeyring(current, previous);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Rotor cannot start: ${(error as Error).message}`);
  }

  const authSecret = required("AUTH_SECRET", e.AUTH_SECRET, generated?.authSecret);
  if (authSecret.length < 32) {
    throw new ConfigError("Rotor cannot start: AUTH_SECRET must be at least 32 characters; generate one with `openssl rand -base64 32`.");
  }

  const cloud = embedded ? emulator : PUBLIC_CLOUD;
  const urls = {
    login: e.ROTOR_LOGIN_URL ?? cloud.login,
    graph: e.ROTOR_GRAPH_URL ?? cloud.graph,
    devops: e.ROTOR_DEVOPS_URL ?? cloud.devops,
    vssps: e.ROTOR_DEVOPS_VSSPS_URL ?? cloud.vssps,
    accounts: e.ROTOR_DEVOPS_ACCOUNTS_URL ?? cloud.accounts,
  };
  const clientId = required("AZURE_CLIENT_ID", e.AZURE_CLIENT_ID, embedded ? EMBEDDED.rotorClientId : undefined);
  const clientSecret = required("AZURE_CLIENT_SECRET", e.AZURE_CLIENT_SECRET, generated?.rotorClientSecret);
  if (!embedded) {
    // Without it Auth.js builds its callback and redirects from the request's Host header.
    if (!e.AUTH_URL) throw new ConfigError("Rotor cannot start: AUTH_URL is not set; it is required when ROTOR_PROFILE=azure (the URL people use to reach Rotor).");
    const names = { login: "ROTOR_LOGIN_URL", graph: "ROTOR_GRAPH_URL", devops: "ROTOR_DEVOPS_URL", vssps: "ROTOR_DEVOPS_VSSPS_URL", accounts: "ROTOR_DEVOPS_ACCOUNTS_URL" } as const;
    for (const [key, value] of Object.entries(urls)) requireRealAzureUrl(names[key as keyof typeof names], value);
  }
  return {
    profile: e.ROTOR_PROFILE,
    embeddedOutsideDemo: embedded && !e.ROTOR_DEMO,
    dataDir,
    databaseFile: resolve(/*turbopackIgnore: true*/ e.ROTOR_DATABASE_FILE ?? `${dataDir}/rotor.db`),
    databaseUrl,
    keyring,
    authSecret,
    appUrl: e.AUTH_URL ?? EMBEDDED.appUrl,
    clientId,
    clientSecret,
    urls,
    bootstrapAdmins: e.ROTOR_BOOTSTRAP_ADMINS.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
    propagationTimeoutMs: e.ROTOR_SECRET_PROPAGATION_TIMEOUT_SECONDS * 1000,
    azureTimeoutMs: e.ROTOR_AZURE_TIMEOUT_SECONDS * 1000,
    graphUserReadBasicAll: e.ROTOR_GRAPH_USER_READ_BASIC_ALL === "true" || e.ROTOR_GRAPH_USER_READ_BASIC_ALL === "1",
    trustedProxyHops: e.ROTOR_TRUSTED_PROXY_HOPS,
    schedulerIntervalMs: e.ROTOR_SCHEDULER_INTERVAL_SECONDS * 1000,
    sessions: {
      maxAgeMs: e.ROTOR_SESSION_MAX_HOURS * 3_600_000,
      revalidateMs: e.ROTOR_SESSION_REVALIDATE_SECONDS * 1000,
      tokenInactiveMs: e.ROTOR_TOKEN_INACTIVE_DAYS * 86_400_000,
    },
  };
}

export type DatabaseEngine = "sqlite" | "postgres";

const POSTGRES_SCHEME = /^postgres(ql)?:\/\//i;

/**
 * What is wrong with a PostgreSQL URL, in words that never repeat it (it carries the password);
 * null when it is a postgres:// URL naming a host and a database.
 */
export function postgresUrlProblem(value: string): string | null {
  const wrong = "must be a PostgreSQL URL such as postgres://user:password@host:5432/rotor.";
  if (!POSTGRES_SCHEME.test(value)) return wrong;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return wrong;
  }
  if (!url.hostname || url.pathname.replace(/^\//, "") === "") return `${wrong} It needs a host and a database name.`;
  return null;
}

/** ROTOR_DATABASE_URL, checked (see postgresUrlProblem), and not set together with ROTOR_DATABASE_FILE. */
function parseDatabaseUrl(value: string | undefined, file: string | undefined): string | undefined {
  if (!value) return undefined;
  const problem = postgresUrlProblem(value);
  if (problem) throw new ConfigError(`Rotor cannot start: ROTOR_DATABASE_URL ${problem}`);
  if (file) throw new ConfigError("Rotor cannot start: set ROTOR_DATABASE_URL (PostgreSQL) or ROTOR_DATABASE_FILE (SQLite), not both.");
  return value;
}

/**
 * The engine this process runs on, from ROTOR_DATABASE_URL's presence alone — cheap enough to
 * decide at import time which tables the queries use (db/tables.ts); env() validates the URL.
 */
export function databaseEngine(source: Record<string, string | undefined> = process.env): DatabaseEngine {
  return source.ROTOR_DATABASE_URL ? "postgres" : "sqlite";
}

/** The database URL as it may appear in a log or on a screen: the password replaced by `***`. */
export function redactDatabaseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(an unreadable database URL)";
  }
}

let cached: Env | undefined;

/** The validated configuration, read on first use (not at import, so `next build` stays pure). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
