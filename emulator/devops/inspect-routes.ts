import { Hono } from "hono";
import { z } from "zod";
import { USERS } from "../seed";
import type { EmulatorState } from "../state";
import type { DevopsState } from "./state";

const PatRequest = z.object({
  userKey: z.string().min(1),
  organizations: z.array(z.string().min(1)).min(1).optional(),
  expiresAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO date").optional(),
  scopes: z.array(z.string().min(1)).min(1).optional(),
});

const DEFAULT_LIFETIME_MS = 30 * 24 * 3600_000;

/**
 * `/_emulator/devops/…`: what a person would do in the Azure DevOps portal, for the demo and tests.
 * Real Azure has no such routes and Rotor never calls them.
 */
export function devopsInspectRoutes(emulator: EmulatorState, devops: DevopsState) {
  const app = new Hono();

  // "User settings → Personal access tokens → New token". No organizations: all accessible organizations.
  app.post("/pats", async (c) => {
    const parsed = PatRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: `Invalid PAT request: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`, typeKey: "ArgumentException" }, 400);
    const { userKey, organizations, expiresAt, scopes } = parsed.data;
    if (!USERS.some((u) => u.key === userKey)) return c.json({ message: `No seeded user '${userKey}'.`, typeKey: "ArgumentException" }, 400);
    const own = devops.organizations.filter((o) => {
      const identity = devops.identityIn(userKey, o);
      return identity !== undefined && devops.isOrgMember(identity, o.name);
    });
    const unknown = organizations?.filter((name) => !own.some((o) => o.name.toLowerCase() === name.toLowerCase()));
    if (unknown?.length) return c.json({ message: `${userKey} is not a member of: ${unknown.join(", ")}.`, typeKey: "ArgumentException" }, 400);
    const token = devops.mintPat({
      userKey,
      organizations: organizations ? own.filter((o) => organizations.some((n) => n.toLowerCase() === o.name.toLowerCase())).map((o) => o.name) : null,
      expiresAt: expiresAt ? Date.parse(expiresAt) : Date.now() + DEFAULT_LIFETIME_MS,
      scopes: scopes ?? ["app_token"],
    });
    emulator.remember("pat", token);
    return c.json({ token });
  });

  app.all("*", (c) => c.json({ message: `The emulator has no route for ${c.req.method} ${new URL(c.req.url).pathname}.`, typeKey: "NotFoundException" }, 404));
  return app;
}
