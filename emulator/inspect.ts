import { Hono } from "hono";
import { z } from "zod";
import type { FaultInjector } from "./faults/injector";
import { findUser } from "./entra/tokens";
import { faultRoutes } from "./faults/routes";
import { USERS } from "./seed";
import type { GraphState } from "./graph/state";
import type { EmulatorState } from "./state";

/** What a service connection stores, as the DevOps part of the emulator reports it. */
export type EndpointCredential = { organization: string; appId: string | null; secret: string | null };

export type InspectDeps = {
  state: EmulatorState;
  graph: GraphState;
  faults: FaultInjector;
  endpointCredential: (endpointId: string) => EndpointCredential | undefined;
};

const settingsInput = z
  .object({
    propagationDelayMs: z.number().int().min(0).optional(),
    maxSecrets: z.number().int().min(0).nullable().optional(),
    writeLimit: z.number().int().min(1).nullable().optional(),
    writeWindowSeconds: z.number().int().min(1).optional(),
    userReadBasicAll: z.boolean().optional(),
  })
  .strict();

/** `/_emulator/…`: inspection and control for tests; real Azure has no such routes and Rotor never calls them. */
export function inspectRoutes({ state, graph, faults, endpointCredential }: InspectDeps) {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/issued-secrets", (c) => c.json({ count: state.issued.length, value: state.issued }));

  app.route("/faults", faultRoutes(faults));

  app.get("/settings", (c) => c.json(graph.settings));
  app.post("/settings", async (c) => {
    const parsed = settingsInput.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: parsed.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`).join("; ") }, 400);
    return c.json(graph.update(parsed.data));
  });

  // Whether the connection's stored secret is one Entra would accept now; the secret itself never leaves.
  app.get("/service-connections/:id/credential-status", (c) => {
    const stored = endpointCredential(c.req.param("id"));
    if (!stored) return c.json({ message: "No such service connection." }, 404);
    const match = stored.appId && stored.secret ? graph.matchSecret(stored.appId, stored.secret) : undefined;
    return c.json({ valid: !!match, keyId: match?.keyId ?? null, expiresAt: match?.endDateTime ?? null });
  });

  // A person leaves the directory (and comes back), or their app roles change, as an Entra admin would do it.
  const userOf = (keyOrEmail: string) => findUser(keyOrEmail) ?? USERS.find((u) => u.email === keyOrEmail);
  app.post("/users/:user/remove", (c) => {
    const user = userOf(c.req.param("user"));
    if (!user) return c.json({ message: "No such user." }, 404);
    state.removedUsers.add(user.key);
    return c.json({ key: user.key, removed: true });
  });
  app.post("/users/:user/restore", (c) => {
    const user = userOf(c.req.param("user"));
    if (!user) return c.json({ message: "No such user." }, 404);
    state.removedUsers.delete(user.key);
    state.roleOverrides.delete(user.key);
    return c.json({ key: user.key, removed: false, roles: user.roles });
  });
  app.put("/users/:user/roles", async (c) => {
    const user = userOf(c.req.param("user"));
    if (!user) return c.json({ message: "No such user." }, 404);
    const parsed = z.object({ roles: z.array(z.string().min(1).max(100)).max(20) }).strict().safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: "Send { roles: string[] }." }, 400);
    state.roleOverrides.set(user.key, parsed.data.roles);
    return c.json({ key: user.key, roles: parsed.data.roles });
  });

  app.get("/applications/:appId/secrets", (c) => {
    const target = graph.byAppId(c.req.param("appId"));
    if (!target) return c.json({ message: "No such application." }, 404);
    const value = graph.report(target);
    return c.json({ appId: target.seed.appId, count: value.length, value });
  });

  return app;
}
