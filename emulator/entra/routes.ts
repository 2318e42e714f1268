import { Hono, type Context } from "hono";
import { createHash, timingSafeEqual } from "node:crypto";
import { GUEST_HOME_OIDS, ROTOR_APP, TENANTS, type SeedUser } from "../seed";
import type { EmulatorState } from "../state";
import { renderAccountPicker, usersFor } from "./authorize-page";
import { oauthError } from "./errors";
import { appAccessToken, findUser, idToken, issuerFor, resourceOf, RESOURCES, tenantIdOf, userAccessToken } from "./tokens";

const KNOWN = new Set(["common", "organizations", ...Object.values(TENANTS).map((t) => t.id)]);

const originOf = (c: Context) => new URL(c.req.url).origin;

/** Entra's view of the seeded apps' secrets (the Graph emulator owns them). */
export type SeededClients = {
  byAppId(clientId: string): unknown;
  acceptsClientSecret(tenantId: string, clientId: string, secret: string): boolean;
  /** The Graph application permissions an admin consented to for Rotor (they go into its app tokens). */
  rotorGraphRoles(): string[];
};

/** Entra ID's v2.0 endpoints: discovery, keys, authorize (with an account picker) and token. */
export function entraRoutes(state: EmulatorState, seeded: SeededClients) {
  const app = new Hono();

  app.use("/:tenant/*", async (c, next) => {
    if (!KNOWN.has(c.req.param("tenant"))) {
      return oauthError(c, 400, "invalid_tenant", 90002, `Tenant '${c.req.param("tenant")}' not found.`);
    }
    await next();
  });

  app.get("/:tenant/v2.0/.well-known/openid-configuration", (c) => {
    const tenant = c.req.param("tenant");
    const origin = originOf(c);
    const base = `${origin}/${tenant}`;
    // The pages a person sees stay on the plain-http listener, so no browser meets the self-signed certificate.
    const browser = `${state.browserOrigin ?? origin}/${tenant}`;
    return c.json({
      issuer: issuerFor(origin, tenant === "common" || tenant === "organizations" ? "{tenantid}" : tenant),
      authorization_endpoint: `${browser}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${browser}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      userinfo_endpoint: `${origin}/graph/oidc/userinfo`,
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      code_challenge_methods_supported: ["S256"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "email", "oid", "tid", "roles", "idp"],
      tenant_region_scope: "EU",
      cloud_instance_name: "microsoftonline.com",
      // The rest of Entra's v2.0 discovery document (Rotor does not use them; Auth.js may read any).
      request_uri_parameter_supported: false,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      kerberos_endpoint: `${base}/kerberos`,
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
      rbac_url: "https://pas.windows.net",
    });
  });

  app.get("/:tenant/discovery/v2.0/keys", (c) => c.json({ keys: [state.signing.publicJwk] }));

  app.get("/:tenant/oauth2/v2.0/authorize", (c) => {
    const params = new URL(c.req.url).searchParams;
    const problem = checkAuthorizeRequest(params);
    if (problem) return c.html(renderAccountPicker({ params, users: [], error: problem }), 400);
    return c.html(renderAccountPicker({ params, users: usersFor(c.req.param("tenant")) }));
  });

  app.post("/:tenant/oauth2/v2.0/authorize", async (c) => {
    const form = new URLSearchParams((await c.req.text()) || "");
    const problem = checkAuthorizeRequest(form);
    const user = findUser(form.get("user") ?? "");
    if (problem || !user || state.removedUsers.has(user.key) || !usersFor(c.req.param("tenant")).includes(user)) {
      return c.html(renderAccountPicker({ params: form, users: [], error: problem ?? "Pick one of the listed accounts." }), 400);
    }
    // Asking for Azure DevOps on the picker page is the user's consent, as on Microsoft's consent screen.
    if (resourceOf(form.get("scope") ?? "").resource === RESOURCES.devops || (form.get("scope") ?? "").includes(RESOURCES.devops)) {
      state.devopsConsents.add(user.key);
    }
    const code = state.newOpaque("authorization_code", "code.");
    state.codes.set(code, {
      userKey: user.key,
      clientId: form.get("client_id")!,
      redirectUri: form.get("redirect_uri")!,
      scope: form.get("scope") ?? "openid",
      nonce: form.get("nonce") ?? undefined,
      codeChallenge: form.get("code_challenge")!,
      expiresAt: Date.now() + 10 * 60_000,
    });
    const target = new URL(form.get("redirect_uri")!);
    target.searchParams.set("code", code);
    if (form.get("state")) target.searchParams.set("state", form.get("state")!);
    target.searchParams.set("session_state", user.oid);
    return c.redirect(target.toString(), 302);
  });

  app.get("/:tenant/oauth2/v2.0/logout", (c) => {
    const back = c.req.query("post_logout_redirect_uri");
    return back ? c.redirect(back, 302) : c.text("You have signed out.");
  });

  // MSAL adds ?client-request-id=… — route on the path alone.
  app.post("/:tenant/oauth2/v2.0/token", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const client = clientCredentialsOf(c.req.header("authorization"), form);
    const isSeededApp = client.id !== ROTOR_APP.clientId && !!client.id && !!seeded.byAppId(client.id);
    if (client.id !== ROTOR_APP.clientId && !(isSeededApp && form.get("grant_type") === "client_credentials")) {
      return oauthError(c, 400, "unauthorized_client", 700016, `Application with identifier '${client.id ?? ""}' was not found in the directory.`);
    }
    const secretOk = isSeededApp
      ? !!client.secret && seeded.acceptsClientSecret(c.req.param("tenant"), client.id!, client.secret)
      : !!client.secret && sameSecret(client.secret, state.rotorClientSecret);
    if (!secretOk) {
      return oauthError(c, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
    }
    const origin = originOf(c);
    const grant = form.get("grant_type");

    if (grant === "authorization_code") {
      const code = state.codes.get(form.get("code") ?? "");
      state.codes.delete(form.get("code") ?? "");
      if (!code || code.expiresAt < Date.now() || code.clientId !== client.id) {
        return oauthError(c, 400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity.");
      }
      if (code.redirectUri !== form.get("redirect_uri")) {
        return oauthError(c, 400, "invalid_grant", 50148, "The redirect URI does not match the one used in the authorization request.");
      }
      const verifier = form.get("code_verifier") ?? "";
      if (createHash("sha256").update(verifier).digest("base64url") !== code.codeChallenge) {
        return oauthError(c, 400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
      }
      const user = asAssigned(state, findUser(code.userKey)!);
      return c.json({
        token_type: "Bearer",
        scope: resourceOf(code.scope).scp,
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: await userAccessToken(state, origin, user, code.scope),
        ...(code.scope.split(" ").includes("offline_access") ? { refresh_token: newRefresh(state, user.key, code.scope) } : {}),
        id_token: await idToken(state, origin, user, code.nonce),
      });
    }

    if (grant === "refresh_token") {
      const held = state.refreshTokens.get(form.get("refresh_token") ?? "");
      if (!held) {
        return oauthError(c, 400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity.");
      }
      const signedIn = asAssigned(state, findUser(held.userKey)!);
      if (state.removedUsers.has(signedIn.key)) {
        return oauthError(c, 400, "invalid_grant", 50034, `The user account {EmailHidden} does not exist in the ${tenantIdOf(signedIn)} directory. To sign into this application, the account must be added to the directory.`);
      }
      const user = identityInTenant(signedIn, c.req.param("tenant"));
      if (!user) {
        return oauthError(c, 400, "invalid_grant", 50020, `User account '${signedIn.email}' from identity provider does not exist in tenant '${c.req.param("tenant")}' and cannot access the application '${ROTOR_APP.clientId}'.`);
      }
      const scope = form.get("scope") ?? held.scope;
      if (resourceOf(scope).resource === RESOURCES.devops && !signedIn.devopsConsent && !state.devopsConsents.has(signedIn.key)) {
        return oauthError(c, 400, "invalid_grant", 65001, `The user or administrator has not consented to use the application with ID '${ROTOR_APP.clientId}' named '${ROTOR_APP.displayName}'. Send an interactive authorization request for this user and resource.`);
      }
      return c.json({
        token_type: "Bearer",
        scope: resourceOf(scope).scp,
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: await userAccessToken(state, origin, user, scope),
        refresh_token: newRefresh(state, signedIn.key, held.scope),
        // As Entra ID does: a refresh asking for `openid` gets a new id token, with the app roles held now.
        ...(scope.split(" ").includes("openid") ? { id_token: await idToken(state, origin, user) } : {}),
      });
    }

    if (grant === "client_credentials") {
      const tenant = c.req.param("tenant");
      const scope = form.get("scope") ?? "";
      if (!Object.values(TENANTS).some((t) => t.id === tenant)) {
        return oauthError(c, 400, "invalid_request", 90002, "Client credentials need a tenant-specific authority, not /common.");
      }
      if (!scope.endsWith("/.default")) {
        return oauthError(c, 400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
      }
      return c.json({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: await appAccessToken(state, origin, tenant, scope, client.id!, seeded.rotorGraphRoles()) });
    }

    return oauthError(c, 400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant ?? ""}'.`);
  });

  return app;
}

/**
 * The identity a refresh token redeems in the tenant of the token URL: the signed-in one, or for
 * a guest asking their home tenant, their home account (as Entra does for multi-tenant refresh).
 */
function identityInTenant(user: SeedUser, tenant: string): SeedUser | undefined {
  if (tenant === "common" || tenant === "organizations" || tenant === tenantIdOf(user)) return user;
  if (user.homeTenant && TENANTS[user.homeTenant].id === tenant && GUEST_HOME_OIDS[user.key]) {
    return { ...user, tenant: user.homeTenant, homeTenant: undefined, oid: GUEST_HOME_OIDS[user.key]!, roles: [] };
  }
  return undefined;
}

/** The user with the app roles a test assigned in place of the seed's. */
function asAssigned(state: EmulatorState, user: SeedUser): SeedUser {
  const roles = state.roleOverrides.get(user.key);
  return roles ? { ...user, roles } : user;
}

function checkAuthorizeRequest(params: URLSearchParams): string | undefined {
  if (params.get("client_id") !== ROTOR_APP.clientId) return `AADSTS700016: Application with identifier '${params.get("client_id") ?? ""}' was not found.`;
  if (params.get("response_type") !== "code") return "AADSTS900144: The request body must contain the response_type 'code'.";
  const redirect = params.get("redirect_uri") ?? "";
  // Rotor's registration allows its callback on any local port, so tests can run beside the demo.
  if (!/^http:\/\/localhost:\d+\/api\/auth\/callback\/microsoft-entra-id$/.test(redirect)) {
    return `AADSTS50011: The redirect URI '${redirect}' does not match the redirect URIs configured for the application.`;
  }
  if (!params.get("code_challenge") || params.get("code_challenge_method") !== "S256") {
    return "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.";
  }
  return undefined;
}

function clientCredentialsOf(authorization: string | undefined, form: URLSearchParams) {
  if (authorization?.startsWith("Basic ")) {
    const [id, secret] = Buffer.from(authorization.slice(6), "base64").toString("utf8").split(":");
    return { id: decodeURIComponent(id ?? ""), secret: decodeURIComponent(secret ?? "") };
  }
  return { id: form.get("client_id") ?? undefined, secret: form.get("client_secret") ?? undefined };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function newRefresh(state: EmulatorState, userKey: string, scope: string): string {
  const token = state.newOpaque("refresh_token", "rt.");
  state.refreshTokens.set(token, { userKey, clientId: ROTOR_APP.clientId, scope });
  return token;
}
