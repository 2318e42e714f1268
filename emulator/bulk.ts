import { Hono } from "hono";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DevopsState } from "./devops/state";
import { azureRmSecret } from "./devops/endpoint-kinds";
import type { GraphState } from "./graph/state";
import { ORGANIZATIONS, TENANTS } from "./seed";

const request = z
  .object({
    tenant: z.enum(Object.keys(TENANTS) as [keyof typeof TENANTS, ...(keyof typeof TENANTS)[]]),
    count: z.number().int().min(1).max(2000),
    secretExpiresInDays: z.number().int().min(1).max(730).default(5),
    /** Give each application an azurerm service connection in this organization's project. */
    connections: z.object({ organization: z.string(), project: z.string() }).optional(),
  })
  .strict();

/**
 * `POST /_emulator/bulk/applications`: many more applications owned by Rotor's service principal,
 * each with a live secret and, when asked, a supported service connection bound to it — for load
 * tests and benchmarks. Real Azure has no such route and Rotor never calls it.
 */
export function bulkRoutes(graph: GraphState, devops: DevopsState) {
  const app = new Hono();
  app.post("/applications", async (c) => {
    const parsed = request.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, 400);
    const { tenant, count, secretExpiresInDays, connections } = parsed.data;
    const project = connections ? devops.project(connections.organization, connections.project) : undefined;
    const org = connections ? ORGANIZATIONS.find((o) => o.name === connections.organization) : undefined;
    if (connections && (!project || !org)) return c.json({ message: "No such organization or project." }, 400);
    const created = graph.createApplications(tenant, count, secretExpiresInDays).map((seed) => {
      let endpointId: string | null = null;
      if (project && org) {
        endpointId = randomUUID();
        devops.replaceEndpoint(
          azureRmSecret(
            { id: endpointId, organization: { name: org.name, id: org.id }, project: { id: project.id, name: project.name }, name: `${seed.displayName.toLowerCase().replace(/\s+/g, "-")}-arm`, description: "", createdBy: "bulk" },
            { tenantId: TENANTS[tenant].id, appId: seed.appId, secret: graph.secretFor(seed.appId) ?? null, subscription: { id: randomUUID(), name: "Bulk" } },
          ),
        );
      }
      return { appId: seed.appId, objectId: seed.objectId, displayName: seed.displayName, endpointId, projectId: project?.id ?? null };
    });
    return c.json({ count: created.length, value: created });
  });
  return app;
}
