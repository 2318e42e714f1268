import { Hono } from "hono";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DevopsState } from "./devops/state";
import { servicePrincipalOid } from "./entra/tokens";
import { azureRmSecret } from "./devops/endpoint-kinds";
import { organizationGroups } from "./devops/groups";
import { identityKey } from "./devops/identities";
import { stableUuid } from "./devops/ids";
import type { GraphState } from "./graph/state";
import { TENANTS, USERS, type SeedTenantKey } from "./seed";

const tenantKey = z.enum(Object.keys(TENANTS) as [SeedTenantKey, ...SeedTenantKey[]]);

const request = z
  .object({
    tenant: tenantKey,
    count: z.number().int().min(1).max(2000),
    secretExpiresInDays: z.number().int().min(1).max(730).default(5),
    /** Give each application an azurerm service connection in this organization's project. */
    connections: z.object({ organization: z.string(), project: z.string() }).optional(),
  })
  .strict();

const organizationRequest = z
  .object({
    tenant: tenantKey,
    projects: z.number().int().min(1).max(5000),
    /** Default: `bulk-` and a random suffix. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,48}[a-z0-9]$/).optional(),
    /** Seed users (of `tenant`) made Project Collection Administrators; by default only Rotor's service principal is a member. */
    collectionAdministrators: z.array(z.string()).max(10).default([]),
  })
  .strict();

/**
 * `POST /_emulator/bulk/organizations`: an organization of `tenant` with many projects, where
 * Rotor's service principal of that tenant is an Endpoint Administrator of every project (as in
 * the seed) — for the discovery scan's tests and benchmarks. Nobody else is a member unless
 * named, so no seeded person's organization list changes.
 */
function addBulkOrganization(devops: DevopsState, input: z.infer<typeof organizationRequest>) {
  const name = input.name ?? `bulk-${randomUUID().slice(0, 8)}`;
  if (devops.organization(name)) return { ok: false as const, message: `The organization ${name} exists already.` };
  const admins = input.collectionAdministrators.map((key) => USERS.find((u) => u.key === key && u.tenant === input.tenant));
  if (admins.some((u) => !u)) return { ok: false as const, message: `collectionAdministrators: only seed users of ${input.tenant}.` };
  const organization = { name, id: stableUuid(`organization:${name}`), tenant: input.tenant, ownerKey: identityKey(input.tenant, servicePrincipalOid(TENANTS[input.tenant].id)) };
  const created = new Date().toISOString();
  const width = String(input.projects).length;
  const projects = Array.from({ length: input.projects }, (_, i) => ({
    id: stableUuid(`project:${name}:${i}`),
    name: `project-${String(i + 1).padStart(width, "0")}`,
    description: "",
    organization: name,
    lastUpdateTime: created,
  }));
  const groups = organizationGroups(organization, projects.map((p) => p.id));
  for (const group of groups) {
    if (group.name === "Endpoint Administrators") group.members.add(organization.ownerKey);
    if (group.name === "Project Collection Administrators") for (const admin of admins) group.members.add(identityKey(admin!.tenant, admin!.oid));
  }
  devops.addOrganization(organization, projects, groups);
  return { ok: true as const, organization: { name, id: organization.id, tenant: input.tenant, projects: projects.map((p) => ({ id: p.id, name: p.name })) } };
}

/**
 * `POST /_emulator/bulk/applications`: many more applications owned by Rotor's service principal,
 * each with a live secret and, when asked, a supported service connection bound to it — for load
 * tests and benchmarks. Real Azure has no such route and Rotor never calls it.
 */
export function bulkRoutes(graph: GraphState, devops: DevopsState) {
  const app = new Hono();
  app.post("/organizations", async (c) => {
    const parsed = organizationRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, 400);
    const added = addBulkOrganization(devops, parsed.data);
    return added.ok ? c.json(added.organization) : c.json({ message: added.message }, 400);
  });
  app.post("/applications", async (c) => {
    const parsed = request.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, 400);
    const { tenant, count, secretExpiresInDays, connections } = parsed.data;
    const project = connections ? devops.project(connections.organization, connections.project) : undefined;
    const org = connections ? devops.organization(connections.organization) : undefined;
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
  // Only bulk applications: the seeded scenario cannot be taken apart this way.
  app.delete("/applications/:appId", (c) => (graph.removeBulkApplication(c.req.param("appId")) ? c.body(null, 204) : c.json({ message: "No such bulk application." }, 404)));
  return app;
}
