import type { Hono } from "hono";
import { requireScope } from "./auth";
import { errors } from "./errors";
import { ci, hosts, list, param, reply } from "./http";
import type { DevopsState } from "./state";
import type { DevopsEnv } from "./types";
import { projectJson, projectReferenceJson } from "./wire";

const PROJECT_SCOPES = ["vso.project", "vso.project_write", "vso.project_manage"];

/** Azure's page size when `$top` is not given. */
export const PROJECT_PAGE_SIZE = 100;

const count = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= 0 ? n : fallback;
};

/**
 * dev.azure.com/{org}/_apis/projects: the projects the caller can see, a page at a time —
 * `$top` (100 by default), `$skip`, and `continuationToken`, "how many projects already been
 * fetched", which the answer's `x-ms-continuationtoken` header gives while more remain.
 */
export function coreRoutes(app: Hono<DevopsEnv>, devops: DevopsState) {
  app.get(ci("/:org/_apis/projects"), requireScope(...PROJECT_SCOPES), (c) => {
    const { identity, organization } = c.get("caller");
    const visible = devops.projectsOf(organization!.name).filter((p) => devops.canSeeProject(identity, p));
    const start = count(c.req.query("continuationToken"), 0) + count(c.req.query("$skip"), 0);
    const top = count(c.req.query("$top"), PROJECT_PAGE_SIZE) || PROJECT_PAGE_SIZE;
    const end = start + top;
    if (end < visible.length) c.header("x-ms-continuationtoken", String(end));
    return reply(c, list(visible.slice(start, end).map((p) => projectReferenceJson(p, hosts(c)))));
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
