import { Hono } from "hono";
import { RESOURCES, verifyAccessToken } from "../entra/tokens";
import { tenantById, USERS } from "../seed";
import type { EmulatorState } from "../state";

/** Graph error body: `{ error: { code, message, innerError } }`. */
function graphError(status: 401 | 403 | 404, code: string, message: string) {
  return Response.json(
    { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": crypto.randomUUID() } } },
    { status },
  );
}

/** Microsoft Graph v1.0, mounted at /graph. Issue 3 adds applications and secrets here. */
export function graphRoutes(state: EmulatorState) {
  const app = new Hono<{ Variables: { claims: { tid: string; oid: string } } }>();

  app.use("*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const claims = header.startsWith("Bearer ") ? await verifyAccessToken(state, header.slice(7), RESOURCES.graph) : null;
    if (!claims) return graphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    c.set("claims", claims);
    await next();
  });

  app.get("/oidc/userinfo", (c) => {
    const user = USERS.find((u) => u.oid === c.get("claims").oid);
    if (!user) return graphError(404, "Request_ResourceNotFound", "Resource not found.");
    return c.json({ sub: user.oid, name: user.name, email: user.email, given_name: user.name.split(" ")[0], family_name: user.name.split(" ").slice(1).join(" ") });
  });

  app.get("/v1.0/organization", (c) => {
    const tenant = tenantById(c.get("claims").tid);
    if (!tenant) return graphError(404, "Request_ResourceNotFound", "Resource not found.");
    return c.json({
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization(id,displayName,verifiedDomains)",
      value: [{ id: tenant.id, displayName: tenant.name, verifiedDomains: [{ name: tenant.domain, isDefault: true }] }],
    });
  });

  return app;
}
