import type { Hono } from "hono";
import { requireScope } from "./auth";
import { errors } from "./errors";
import { ci, hosts, list, param, reply } from "./http";
import type { DevopsState } from "./state";
import type { DevopsEnv } from "./types";
import { projectJson, projectReferenceJson } from "./wire";

const PROJECT_SCOPES = ["vso.project", "vso.project_write", "vso.project_manage"];

/** dev.azure.com/{org}/_apis/projects: the projects the caller can see. */
export function coreRoutes(app: Hono<DevopsEnv>, devops: DevopsState) {
  app.get(ci("/:org/_apis/projects"), requireScope(...PROJECT_SCOPES), (c) => {
    const { identity, organization } = c.get("caller");
    const visible = devops.projectsOf(organization!.name).filter((p) => devops.canSeeProject(identity, p));
    // Azure pages at 100 by default; the next page's token (how many were sent) comes back in a header.
    const skip = (Number(c.req.query("$skip") ?? 0) || 0) + (Number(c.req.query("continuationToken") ?? 0) || 0);
    const top = Number(c.req.query("$top") ?? 100) || 100;
    if (skip + top < visible.length) c.header("x-ms-continuationtoken", String(skip + top));
    return reply(c, list(visible.slice(skip, skip + top).map((p) => projectReferenceJson(p, hosts(c)))));
  });

  app.get(ci("/:org/_apis/projects/:project"), requireScope(...PROJECT_SCOPES), (c) => {
    const { identity, organization } = c.get("caller");
    const idOrName = param(c, "project");
    const project = devops.project(organization!.name, idOrName);
    // Azure answers a project the caller may not see exactly like a missing one.
    if (!project || !devops.canSeeProject(identity, project)) return errors.projectNotFound(c, idOrName);
    const body = projectJson(project, hosts(c));
    const withCapabilities = c.req.query("includeCapabilities") === "true";
    return reply(c, withCapabilities ? { ...body, capabilities: { versioncontrol: { sourceControlType: "Git" }, processTemplate: { templateName: "Agile" } } } : body);
  });
}
