import { Hono } from "hono";
import { RESOURCES, verifyAccessToken } from "../entra/tokens";
import { USERS } from "../seed";
import type { EmulatorState } from "../state";
import { applicationRoutes } from "./applications";
import { directoryRoutes } from "./directory";
import { callerOf, type GraphEnv } from "./caller";
import { GraphError, graphErrorBody, newRequestIds, notFound } from "./errors";
import { ownedObjectsRoutes } from "./owned-objects";
import type { GraphState } from "./state";

/** Microsoft Graph v1.0, mounted at /graph: sign-in profile, organization, users, applications and their secrets. */
export function graphRoutes(state: EmulatorState, graph: GraphState) {
  const app = new Hono<GraphEnv>();

  app.use("*", async (c, next) => {
    const ids = newRequestIds(c.req.header("client-request-id"));
    c.set("ids", ids);
    c.header("request-id", ids.requestId);
    c.header("client-request-id", ids.clientRequestId);
    const header = c.req.header("authorization") ?? "";
    const claims = header.startsWith("Bearer ") ? await verifyAccessToken(state, header.slice(7), RESOURCES.graph) : null;
    if (!claims) throw new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    c.set("claims", claims);
    c.set("caller", callerOf(claims));
    await next();
  });

  app.get("/oidc/userinfo", (c) => {
    const user = USERS.find((u) => u.oid === c.get("claims").oid);
    if (!user) throw notFound(c.get("claims").oid);
    return c.json({ sub: user.oid, name: user.name, email: user.email, given_name: user.name.split(" ")[0], family_name: user.name.split(" ").slice(1).join(" ") });
  });

  app.route("/", directoryRoutes());
  app.route("/", applicationRoutes(graph));
  app.route("/", ownedObjectsRoutes(graph));

  app.onError((error, c) => {
    if (!(error instanceof GraphError)) throw error;
    if (error.retryAfterSeconds !== undefined) c.header("Retry-After", String(error.retryAfterSeconds));
    return c.json(graphErrorBody(error.code, error.message, c.get("ids") ?? newRequestIds(undefined), { details: error.details }), error.status);
  });

  return app;
}
