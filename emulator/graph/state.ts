import { randomUUID } from "node:crypto";
import { ROTOR_GRAPH_ROLES } from "../entra/tokens";
import { APPS, TENANTS } from "../seed";
import type { EmulatorState } from "../state";
import { credentialState, newSecretText, sameText, type CredentialState, type StoredCredential } from "./credentials";
import { badRequest, GraphError } from "./errors";

export type SeedApp = (typeof APPS)[number];

export type GraphApplication = {
  seed: SeedApp;
  tenantId: string;
  createdDateTime: string;
  credentials: StoredCredential[];
};

export type GraphSettings = {
  /** How long a new secret is refused by Entra after addPassword (Entra takes seconds to propagate one). */
  propagationDelayMs: number;
  /** Password credentials one application may hold; null for no cap. */
  maxSecrets: number | null;
  /**
   * Graph's published write throttle for applications, per calling app and tenant: at most
   * `writeLimit` addPassword/removePassword calls per `writeWindowSeconds` (3,000 per 150 s), else
   * 429 with Retry-After. Null: no throttle.
   */
  writeLimit: number | null;
  writeWindowSeconds: number;
  /**
   * Whether an admin granted Rotor the optional User.ReadBasic.All application permission: its app
   * tokens then carry the role, owners come with names and addresses, and /users/{id} answers.
   */
  userReadBasicAll: boolean;
};

export type NewPassword = { displayName?: string | null; startDateTime?: string; endDateTime?: string };

export type SecretReport = Omit<StoredCredential, "secretText" | "usableFrom"> & { state: CredentialState; live: boolean; removed: boolean };

const DAY_MS = 86_400_000;
/** Graph's default lifetime when addPassword names no endDateTime. */
const DEFAULT_LIFETIME_MS = 2 * 365 * DAY_MS;

/** Applications of every seeded tenant and their password credentials, as Microsoft Graph holds them. */
export class GraphState {
  readonly settings: GraphSettings;
  private readonly apps: GraphApplication[];

  constructor(
    private readonly emulator: EmulatorState,
    settings: Partial<GraphSettings> = {},
  ) {
    this.settings = { propagationDelayMs: 0, maxSecrets: null, writeLimit: null, writeWindowSeconds: 150, userReadBasicAll: false, ...settings };
    const now = new Date();
    this.apps = APPS.map((seed) => ({
      seed,
      tenantId: TENANTS[seed.tenant].id,
      createdDateTime: now.toISOString(),
      credentials: [],
    }));
    for (const app of this.apps) {
      const endDateTime = new Date(now.getTime() + app.seed.secretExpiresInDays * DAY_MS).toISOString();
      // The seeded secret predates the emulator, so it has already propagated.
      this.issue(app, { displayName: "Initial secret", endDateTime }, 0);
    }
  }

  update(changes: Partial<GraphSettings>): GraphSettings {
    Object.assign(this.settings, changes);
    return this.settings;
  }

  rotorGraphRoles(): string[] {
    return [...ROTOR_GRAPH_ROLES, ...(this.settings.userReadBasicAll ? ["User.ReadBasic.All"] : [])];
  }

  byAppId(appId: string): GraphApplication | undefined {
    return this.apps.find((a) => a.seed.appId === appId);
  }

  byObjectId(objectId: string): GraphApplication | undefined {
    return this.apps.find((a) => a.seed.objectId === objectId);
  }

  inTenant(tenantId: string): GraphApplication[] {
    return this.apps.filter((a) => a.tenantId === tenantId);
  }

  /** The newest live secret of a seeded app, to seed the service connections that use it. */
  secretFor(appId: string): string | undefined {
    const live = this.byAppId(appId)?.credentials.filter((c) => credentialState(c) === "live") ?? [];
    // Ties go to the later-added credential, which is the newer one.
    const newest = live.reduce<StoredCredential | undefined>((best, c) => (!best || Date.parse(c.startDateTime) >= Date.parse(best.startDateTime) ? c : best), undefined);
    return newest?.secretText;
  }

  /** The live credential whose text is `secretText`: not removed, not expired, past its propagation delay. */
  matchSecret(appId: string, secretText: string): { keyId: string; endDateTime: string } | undefined {
    const match = this.byAppId(appId)?.credentials.find((c) => credentialState(c) === "live" && sameText(secretText, c.secretText));
    return match ? { keyId: match.keyId, endDateTime: match.endDateTime } : undefined;
  }

  /** Whether Entra's token endpoint would accept `secret` for `clientId` in `tenantId` right now. */
  acceptsClientSecret(tenantId: string, clientId: string, secret: string): boolean {
    const app = this.byAppId(clientId);
    return !!app && app.tenantId === tenantId && !!this.matchSecret(clientId, secret);
  }

  /** Graph's view: every credential still on the application, expired ones included. */
  passwordCredentials(app: GraphApplication): StoredCredential[] {
    return app.credentials.filter((c) => !c.removedAt);
  }

  private readonly writes = new Map<string, number[]>();

  /** Counts a write against the tenant's throttle window, or refuses it with 429 and when to retry. */
  private throttleWrite(tenantId: string): void {
    const { writeLimit, writeWindowSeconds } = this.settings;
    if (writeLimit === null) return;
    const now = Date.now();
    const windowStart = now - writeWindowSeconds * 1000;
    const recent = (this.writes.get(tenantId) ?? []).filter((t) => t > windowStart);
    if (recent.length >= writeLimit) {
      this.writes.set(tenantId, recent);
      const retryAfter = Math.max(1, Math.ceil((recent[recent.length - writeLimit]! - windowStart) / 1000));
      throw new GraphError(429, "TooManyRequests", "Too many requests. Please retry after the time specified in the Retry-After header.", undefined, retryAfter);
    }
    recent.push(now);
    this.writes.set(tenantId, recent);
  }

  /** Bench and test support: more applications owned by Rotor's service principal, each with a live secret. */
  createApplications(tenant: keyof typeof TENANTS, count: number, secretExpiresInDays: number): SeedApp[] {
    const created: SeedApp[] = [];
    for (let i = 0; i < count; i++) {
      const appId = randomUUID();
      const seed = { key: `bulk-${appId.slice(0, 8)}`, tenant, appId, objectId: randomUUID(), displayName: `Bulk App ${this.apps.length + 1}`, owners: [], managed: true, secretExpiresInDays } as unknown as SeedApp;
      const app: GraphApplication = { seed, tenantId: TENANTS[tenant].id, createdDateTime: new Date().toISOString(), credentials: [] };
      this.apps.push(app);
      this.issue(app, { displayName: "Initial secret", endDateTime: new Date(Date.now() + secretExpiresInDays * DAY_MS).toISOString() }, 0);
      created.push(seed);
    }
    return created;
  }

  /** Removes bulk applications (tests that add one leave the shared emulator as they found it). */
  removeBulkApplication(appId: string): boolean {
    const index = this.apps.findIndex((a) => a.seed.appId === appId && a.seed.key.startsWith("bulk-"));
    if (index < 0) return false;
    this.apps.splice(index, 1);
    return true;
  }

  addPassword(app: GraphApplication, input: NewPassword): StoredCredential {
    this.throttleWrite(app.tenantId);
    const held = this.passwordCredentials(app).length;
    const max = this.settings.maxSecrets;
    if (max !== null && held >= max) {
      throw new GraphError(400, "TooManyAppPasswords", `Not allowed to add ${held + 1} passwords. You can only add a maximum of ${max} passwords.`, [
        { target: "passwordCredentials", code: "TooManyAppPasswords" },
      ]);
    }
    return this.issue(app, input, this.settings.propagationDelayMs);
  }

  removePassword(app: GraphApplication, keyId: string): void {
    this.throttleWrite(app.tenantId);
    const credential = this.passwordCredentials(app).find((c) => c.keyId === keyId);
    if (!credential) throw new GraphError(404, "Request_ResourceNotFound", `No password credential found with keyId '${keyId}'.`);
    credential.removedAt = new Date().toISOString();
  }

  /** Every credential the app ever had, for inspection; never the texts. */
  report(app: GraphApplication): SecretReport[] {
    return app.credentials.map((c) => {
      const state = credentialState(c);
      const { keyId, displayName, hint, startDateTime, endDateTime, removedAt } = c;
      return { keyId, displayName, hint, startDateTime, endDateTime, removedAt, state, live: state === "live", removed: state === "removed" };
    });
  }

  private issue(app: GraphApplication, input: NewPassword, propagationDelayMs: number): StoredCredential {
    const now = Date.now();
    const start = input.startDateTime ? Date.parse(input.startDateTime) : now;
    const end = input.endDateTime ? Date.parse(input.endDateTime) : start + DEFAULT_LIFETIME_MS;
    if (Number.isNaN(start)) throw badRequest("Invalid value specified for property 'startDateTime' of resource 'PasswordCredential'.");
    if (Number.isNaN(end) || end <= start) throw badRequest("Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
    const secretText = this.emulator.remember("client_secret", newSecretText());
    const credential: StoredCredential = {
      keyId: randomUUID(),
      displayName: input.displayName ?? null,
      hint: secretText.slice(0, 3),
      secretText,
      startDateTime: new Date(start).toISOString(),
      endDateTime: new Date(end).toISOString(),
      usableFrom: now + propagationDelayMs,
    };
    app.credentials.push(credential);
    return credential;
  }
}
