import NextAuth, { type DefaultSession } from "next-auth";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { authConfig } from "./auth.config";
import { identityFromClaims } from "./lib/auth/claims";
import { recordSignIn } from "./lib/auth/record-sign-in";
import { currentSessionToken } from "./lib/auth/session";
import { startSession } from "./lib/auth/sessions/start";
import { env } from "./lib/env";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      tenantId: string;
      tenantName: string;
      role: "admin" | "member";
      isGuest: boolean;
    } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    tid?: string;
    tenantName?: string;
    role?: "admin" | "member";
    guest?: boolean;
    /** The server-side session's token (lib/auth/sessions): the cookie is worth nothing once that row is gone. */
    sid?: string;
    /** Sign-in time (ms): the session ends a fixed time after it, however often the cookie is re-issued. */
    sat?: number;
  }
}

/** Scopes asked at sign-in; Azure DevOps is asked later, with the refresh token, for the dialog. */
const SIGN_IN_SCOPES = "openid profile email offline_access User.Read";

export const { handlers, auth, signIn, signOut } = NextAuth((request) => {
  const config = env();
  const userAgent = request?.headers.get("user-agent") ?? null;
  return {
    ...authConfig,
    secret: config.authSecret,
    trustHost: true,
    providers: [
      MicrosoftEntraID({
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        // Multi-tenant: Auth.js re-reads the tenant's metadata from the id token's `tid`.
        issuer: `${config.urls.login}/common/v2.0`,
        authorization: { params: { scope: SIGN_IN_SCOPES, prompt: "select_account" } },
        // Our own profile(): the stock one fetches a photo from graph.microsoft.com.
        profile: (claims) => ({ id: String(claims.oid ?? claims.sub), name: claims.name, email: claims.email ?? claims.preferred_username }),
      }),
    ],
    callbacks: {
      ...authConfig.callbacks,
      signIn({ profile }) {
        // A token without tid/oid cannot be placed in a tenant: refuse it.
        return identityFromClaims(profile) !== null;
      },
      async jwt({ token, account, profile }) {
        if (account && profile) {
          const identity = identityFromClaims(profile)!;
          const signedIn = await recordSignIn(identity, {
            provider: account.provider,
            providerAccountId: `${identity.tenantId}.${identity.oid}`,
            access_token: account.access_token,
            refresh_token: account.refresh_token,
            expires_at: account.expires_at,
            scope: account.scope,
            token_type: account.token_type,
          });
          const sid = await startSession(signedIn, userAgent, await currentSessionToken().catch(() => null));
          // The session cookie carries ids, roles and the session token only; provider tokens stay sealed in the database.
          return {
            sid,
            sat: Date.now(),
            sub: token.sub,
            name: token.name,
            email: token.email,
            uid: signedIn.userId,
            tid: signedIn.tenantId,
            tenantName: signedIn.tenantName,
            role: signedIn.role,
            guest: signedIn.isGuest,
          };
        }
        // Absolute lifetime (security review, finding 4): Auth.js re-issues the cookie on every request.
        if (!token.sat || Date.now() - token.sat > config.sessions.maxAgeMs) return null;
        return token;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: token.uid ?? "",
          tenantId: token.tid ?? "",
          tenantName: token.tenantName ?? "",
          role: token.role ?? "member",
          isGuest: token.guest ?? false,
        };
        return session;
      },
    },
  };
});
