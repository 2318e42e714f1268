import { Hono } from "hono";
import { tenantById, TENANTS, USERS } from "../seed";
import { accessTo, type GraphEnv } from "./caller";
import { insufficientPrivileges, notFound } from "./errors";
import { contextUrl, parseSelect, project } from "./odata";
import { USER_PROPERTIES, userView } from "./views";

const ORGANIZATION_PROPERTIES = ["id", "displayName", "verifiedDomains", "tenantType", "countryLetterCode", "createdDateTime"];
/** Reading the organization takes User.Read (delegated) or one of these application permissions. */
const READS_ORGANIZATION = ["Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

/** The directory itself: the organization, and users by id (what User.ReadBasic.All lets Rotor read). */
export function directoryRoutes() {
  const app = new Hono<GraphEnv>();

  app.get("/v1.0/organization", (c) => {
    const caller = c.get("caller");
    if (caller.kind === "app" && !caller.roles.some((r) => READS_ORGANIZATION.includes(r))) throw insufficientPrivileges();
    const tenant = tenantById(caller.tenantId);
    if (!tenant) throw notFound(caller.tenantId);
    const select = parseSelect(new URL(c.req.url), ORGANIZATION_PROPERTIES, "microsoft.graph.organization");
    const organization = {
      id: tenant.id,
      displayName: tenant.name,
      verifiedDomains: [{ capabilities: "Email, OfficeCommunicationsOnline", isDefault: true, isInitial: true, name: tenant.domain, type: "Managed" }],
      tenantType: "AAD",
      countryLetterCode: "US",
      createdDateTime: "2020-01-01T00:00:00Z",
    };
    return c.json({ "@odata.context": contextUrl("organization", select), value: [project(organization, select)] });
  });

  /**
   * A user of the caller's directory by object id. An app needs User.ReadBasic.All (or more); without
   * it Graph answers 403 Authorization_RequestDenied. A signed-in user may read themself (User.Read).
   */
  app.get("/v1.0/users/:id", (c) => {
    const caller = c.get("caller");
    const id = c.req.param("id");
    const select = parseSelect(new URL(c.req.url), USER_PROPERTIES, "microsoft.graph.user");
    const self = caller.kind === "user" && caller.user.oid === id;
    const access = self ? "full" : accessTo(caller, "user");
    if (access === "limited") throw insufficientPrivileges();
    const user = USERS.find((u) => u.oid === id && TENANTS[u.tenant].id === caller.tenantId);
    if (!user) throw notFound(id);
    return c.json({ "@odata.context": contextUrl("users", select, true), ...userView(user, access, select, false) });
  });

  return app;
}
