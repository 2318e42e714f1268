import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, type CryptoKey } from "jose";

export type IssuedKind = "authorization_code" | "access_token" | "id_token" | "refresh_token" | "client_secret" | "pat";

export type AuthCode = {
  userKey: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  nonce?: string;
  codeChallenge: string;
  expiresAt: number;
};

export type RefreshGrant = { userKey: string; clientId: string; scope: string };

/** Everything the emulator remembers while it runs. */
export class EmulatorState {
  readonly codes = new Map<string, AuthCode>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Every secret-like value the emulator handed out, so tests can prove none leaks. */
  readonly issued: { kind: IssuedKind; value: string; at: string }[] = [];
  /** Users who consented to Azure DevOps while the emulator ran (beyond the seed's). */
  readonly devopsConsents = new Set<string>();
  /** Users removed from their directory by a test (`/_emulator/users/…`): no sign-in, no refresh. */
  readonly removedUsers = new Set<string>();
  /** App roles a test assigned instead of the seed's (`/_emulator/users/…/roles`). */
  readonly roleOverrides = new Map<string, string[]>();
  /** Origin of the plain-http listener that serves the sign-in pages. */
  browserOrigin?: string;

  private constructor(
    readonly signing: { privateKey: CryptoKey; publicJwk: JWK; kid: string },
    readonly rotorClientSecret: string,
  ) {}

  static async create({ rotorClientSecret }: { rotorClientSecret: string }): Promise<EmulatorState> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomBytes(8).toString("hex");
    const publicJwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
    const state = new EmulatorState({ privateKey, publicJwk, kid }, rotorClientSecret);
    state.remember("client_secret", rotorClientSecret);
    return state;
  }

  remember(kind: IssuedKind, value: string): string {
    this.issued.push({ kind, value, at: new Date().toISOString() });
    return value;
  }

  newOpaque(kind: IssuedKind, prefix: string): string {
    return this.remember(kind, `${prefix}${randomBytes(36).toString("base64url")}`);
  }
}
