import type { Hono } from "hono";
import { legacyDescriptor, subjectDescriptor } from "./identities";
import { ci, list, param, reply } from "./http";
import type { DevopsEnv, DevopsIdentity } from "./types";

type ApiResourceLocation = {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  resourceVersion: number;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
};

const location = (id: string, area: string, resourceName: string, routeTemplate: string, resourceVersion: number, minVersion: string): ApiResourceLocation => ({
  id,
  area,
  resourceName,
  routeTemplate,
  resourceVersion,
  minVersion,
  maxVersion: "7.2",
  releasedVersion: "7.1",
});

/** What the node client resolves its route templates from (OPTIONS /{org}/_apis/{area}). */
const LOCATIONS: Record<string, ApiResourceLocation[]> = {
  location: [
    location("00d9565f-ed9c-4a06-9a50-00e7896ccab4", "Location", "ConnectionData", "_apis/{resource}", 1, "1.0"),
    location("e81700f7-3be2-46de-8624-2eb35882fcaa", "Location", "ResourceAreas", "_apis/{resource}/{areaId}", 1, "3.2"),
  ],
  serviceendpoint: [
    location("e85f1c62-adfc-4b74-b618-11a150fb195e", "serviceendpoint", "endpoints", "{project}/_apis/{area}/{resource}/{endpointId}", 4, "4.1"),
    location("14e48fdc-2c8b-41ce-a0c3-e26f6cc55bd0", "serviceendpoint", "endpoints", "_apis/{area}/{resource}/{endpointId}", 4, "4.1"),
    location("cc63bb57-2a5f-4a7a-b79c-c142d308657e", "serviceendpoint", "endpointproxy", "{project}/_apis/{area}/{resource}", 1, "5.0"),
  ],
  core: [location("603fe2ac-9723-48b9-88ad-09305aa6c6e1", "core", "projects", "_apis/{resource}/{*projectId}", 4, "1.0")],
  security: [location("dd3b8bd6-c7fc-4cbd-929a-933d9c011c9d", "Security", "Permissions", "_apis/{resource}/{securityNamespaceId}/{permissions}", 2, "2.0")],
};

/** The Location service's view of an identity, as `connectionData` reports it. */
function identityJson(who: DevopsIdentity) {
  return {
    id: who.memberId,
    descriptor: legacyDescriptor(who),
    subjectDescriptor: subjectDescriptor(who),
    providerDisplayName: who.displayName,
    isActive: true,
    isContainer: false,
    members: [],
    memberOf: [],
    memberIds: [],
    properties: { Account: { $type: "System.String", $value: who.uniqueName } },
    resourceVersion: 2,
    metaTypeId: who.kind === "user" ? 0 : 1,
  };
}

/** dev.azure.com/{org}: location look-ups, resource areas and connectionData. */
export function locationRoutes(app: Hono<DevopsEnv>) {
  app.on("OPTIONS", ci("/:org/_apis"), (c) => reply(c, list(Object.values(LOCATIONS).flat())));
  app.on("OPTIONS", ci("/:org/_apis/:area"), (c) => reply(c, list(LOCATIONS[param(c, "area").toLowerCase()] ?? [])));

  // An empty list makes the node client use the organization URL for every area.
  app.get(ci("/:org/_apis/ResourceAreas"), (c) => reply(c, list([])));

  app.get(ci("/:org/_apis/connectionData"), (c) => {
    const { identity, organization } = c.get("caller");
    const me = identityJson(identity);
    return reply(c, {
      authenticatedUser: me,
      authorizedUser: me,
      instanceId: organization!.id,
      deploymentId: organization!.id,
      deploymentType: "hosted",
      locationServiceData: {
        serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
        defaultAccessMappingMoniker: "PublicAccessMapping",
        lastChangeId: 1,
        lastChangeId64: 1,
      },
    });
  });
}
