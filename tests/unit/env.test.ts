import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, databaseEngine, parseEnv, redactDatabaseUrl } from "@/lib/env";

const tempDir = () => mkdtempSync(join(tmpdir(), "rotor-env-"));
const key = Buffer.alloc(32, 7).toString("base64");

const azure = (overrides: Record<string, string | undefined> = {}) => ({
  ROTOR_PROFILE: "azure",
  ROTOR_DATA_DIR: tempDir(),
  ROTOR_ENCRYPTION_KEY: key,
  AUTH_SECRET: "x".repeat(40),
  AZURE_CLIENT_ID: "7f3c9a52-6c1e-4b8e-9d7a-2f5e1c0b4a61",
  AZURE_CLIENT_SECRET: "client-secret-value",
  AUTH_URL: "https://rotor.contoso.example",
  ...overrides,
});

describe("configuration", () => {
  it("embedded default: makes its keys once, in a file only the owner can read, and points at the emulator", () => {
    const dataDir = tempDir();
    const first = parseEnv({ ROTOR_DATA_DIR: dataDir });
    const file = join(dataDir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.profile).toBe("embedded");
    expect(first.urls.login).toBe("https://localhost:4011");
    expect(first.urls.graph).toBe("https://localhost:4011/graph");
    const second = parseEnv({ ROTOR_DATA_DIR: dataDir });
    expect(second.keyring.current.id).toBe(first.keyring.current.id);
    expect(second.authSecret).toBe(first.authSecret);
    expect(JSON.parse(readFileSync(file, "utf8")).encryptionKey).toBeTruthy();
  });

  it("azure profile: defaults to the public cloud", () => {
    const config = parseEnv(azure());
    expect(config.urls).toEqual({
      login: "https://login.microsoftonline.com",
      graph: "https://graph.microsoft.com",
      devops: "https://dev.azure.com",
      vssps: "https://vssps.dev.azure.com",
      accounts: "https://app.vssps.visualstudio.com",
    });
  });

  it.each([
    ["a missing encryption key", { ROTOR_ENCRYPTION_KEY: undefined }, /ROTOR_ENCRYPTION_KEY is not set; it is required when ROTOR_PROFILE=azure/],
    ["a malformed encryption key", { ROTOR_ENCRYPTION_KEY: "too-short" }, /ROTOR_ENCRYPTION_KEY must decode to exactly 32 bytes/],
    ["a malformed previous key", { ROTOR_ENCRYPTION_PREVIOUS_KEYS: "%%%" }, /ROTOR_ENCRYPTION_PREVIOUS_KEYS must be a base64-encoded 32-byte key/],
    ["a missing client secret", { AZURE_CLIENT_SECRET: undefined }, /AZURE_CLIENT_SECRET is not set/],
    ["a client id that is not a GUID", { AZURE_CLIENT_ID: "rotor" }, /AZURE_CLIENT_ID must be the application \(client\) id GUID/],
    ["a short auth secret", { AUTH_SECRET: "short" }, /AUTH_SECRET must be at least 32 characters/],
    ["a base URL that is not a URL", { ROTOR_GRAPH_URL: "graph.local" }, /ROTOR_GRAPH_URL must be an absolute http\(s\) URL/],
    ["an unknown profile", { ROTOR_PROFILE: "prod" }, /ROTOR_PROFILE must be 'embedded' or 'azure'/],
    ["a port that is not a number", { ROTOR_PROFILE: "embedded", ROTOR_EMULATOR_HTTPS_PORT: "https" }, /ROTOR_EMULATOR_HTTPS_PORT must be a port number/],
  ])("stops with a sentence naming the setting for %s", (_, overrides, message) => {
    expect(() => parseEnv(azure(overrides))).toThrow(ConfigError);
    expect(() => parseEnv(azure(overrides))).toThrow(message);
  });

  it("embedded default: marked as such outside the demo, so start-up and the footer can say so", () => {
    expect(parseEnv({ ROTOR_DATA_DIR: tempDir() }).embeddedOutsideDemo).toBe(true);
    expect(parseEnv({ ROTOR_DATA_DIR: tempDir(), ROTOR_DEMO: "1" }).embeddedOutsideDemo).toBe(false);
    expect(parseEnv(azure()).embeddedOutsideDemo).toBe(false);
  });

  it.each([
    ["no AUTH_URL (Auth.js would trust the Host header)", { AUTH_URL: undefined }, /AUTH_URL is not set; it is required when ROTOR_PROFILE=azure/],
    ["a plain-http Azure URL", { ROTOR_GRAPH_URL: "http://graph.microsoft.com" }, /ROTOR_GRAPH_URL must be an https:\/\/ URL when ROTOR_PROFILE=azure/],
    ["the emulator's login URL", { ROTOR_LOGIN_URL: "https://localhost:4011" }, /ROTOR_LOGIN_URL points at this machine \(localhost\)/],
    ["a loopback address", { ROTOR_DEVOPS_URL: "https://127.0.0.2:8443/devops" }, /ROTOR_DEVOPS_URL points at this machine/],
    ["IPv6 loopback", { ROTOR_DEVOPS_VSSPS_URL: "https://[::1]/vssps" }, /ROTOR_DEVOPS_VSSPS_URL points at this machine/],
    ["a *.localhost name", { ROTOR_DEVOPS_ACCOUNTS_URL: "https://app.localhost" }, /ROTOR_DEVOPS_ACCOUNTS_URL points at this machine/],
  ])("azure profile: stops for %s", (_, overrides, message) => {
    expect(() => parseEnv(azure(overrides))).toThrow(ConfigError);
    expect(() => parseEnv(azure(overrides))).toThrow(message);
  });

  it("trusts no forwarded header unless ROTOR_TRUSTED_PROXY_HOPS says how many proxies append to it", () => {
    expect(parseEnv(azure()).trustedProxyHops).toBe(0);
    expect(parseEnv(azure({ ROTOR_TRUSTED_PROXY_HOPS: "2" })).trustedProxyHops).toBe(2);
    expect(() => parseEnv(azure({ ROTOR_TRUSTED_PROXY_HOPS: "-1" }))).toThrow(/ROTOR_TRUSTED_PROXY_HOPS must be a whole number of reverse proxies/);
    expect(() => parseEnv(azure({ ROTOR_TRUSTED_PROXY_HOPS: "yes" }))).toThrow(/ROTOR_TRUSTED_PROXY_HOPS must be a whole number/);
  });

  it("never echoes a secret value in its error", () => {
    try {
      parseEnv(azure({ ROTOR_ENCRYPTION_KEY: "my-secret-key-material" }));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain("my-secret-key-material");
    }
  });

  it("reads the bootstrap admin list case-insensitively and trims base URLs", () => {
    const config = parseEnv(azure({ ROTOR_BOOTSTRAP_ADMINS: " 3C4D5E6F-7a8b-4c9d-8e0f-1a2b3c4d5e71:Nadia@Northwind.example , 3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71:22222222-bbbb-4bbb-8bbb-000000000001", ROTOR_DEVOPS_URL: "https://devops.example/" }));
    expect(config.bootstrapAdmins).toEqual(["3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71:nadia@northwind.example", "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71:22222222-bbbb-4bbb-8bbb-000000000001"]);
    expect(config.urls.devops).toBe("https://devops.example");
  });

  it("runs on SQLite unless ROTOR_DATABASE_URL names a PostgreSQL database", () => {
    expect(parseEnv(azure()).databaseUrl).toBeUndefined();
    expect(databaseEngine({})).toBe("sqlite");
    const url = "postgres://rotor:pw-value-9@db.internal:5432/rotor";
    expect(parseEnv(azure({ ROTOR_DATABASE_URL: url })).databaseUrl).toBe(url);
    expect(databaseEngine({ ROTOR_DATABASE_URL: url })).toBe("postgres");
  });

  it.each([
    ["another scheme", "mysql://rotor:pw-value-9@db/rotor", /must be a PostgreSQL URL/],
    ["no database name", "postgres://rotor:pw-value-9@db:5432/", /needs a host and a database name/],
    ["not a URL", "postgres://rotor:pw-value-9@[bad/rotor", /must be a PostgreSQL URL/],
  ])("ROTOR_DATABASE_URL: stops for %s without repeating the password", (_, value, message) => {
    expect(() => parseEnv(azure({ ROTOR_DATABASE_URL: value }))).toThrow(message);
    try {
      parseEnv(azure({ ROTOR_DATABASE_URL: value }));
    } catch (error) {
      expect((error as Error).message).not.toContain("pw-value-9");
    }
  });

  it("refuses both engines at once, and shows a database URL only without its password", () => {
    expect(() => parseEnv(azure({ ROTOR_DATABASE_URL: "postgres://db/rotor", ROTOR_DATABASE_FILE: "x.db" }))).toThrow(/not both/);
    expect(redactDatabaseUrl("postgres://rotor:pw-value-9@db:5432/rotor")).toBe("postgres://rotor:***@db:5432/rotor");
    expect(redactDatabaseUrl("postgres://db/rotor")).toBe("postgres://db/rotor");
  });
});
