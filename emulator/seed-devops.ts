import { servicePrincipalOid } from "./entra/tokens";
import { APPS, GUEST_HOME_OIDS, ORGANIZATIONS, TENANTS, USERS, type SeedTenantKey } from "./seed";
import { azureContainerRegistry, azureRmFederated, azureRmSecret, dockerRegistry, genericEndpoint, type ConnectionBase } from "./devops/endpoint-kinds";
import { identityKey } from "./devops/identities";
import type { GroupName, StoredEndpoint } from "./devops/types";

/**
 * The Azure DevOps side of the seeded scenario. Rights, per person:
 * - contoso-admin: Project Collection Administrator of both Contoso organizations.
 * - contoso-owner: Endpoint Administrator in payments and ledger; only Contributor in legacy (no admin
 *   right); in shared-infra (contoso-data) admin only as Project Collection Administrator of contoso-data.
 * - contoso-noconsent: Contributor in payments (can see, cannot administer).
 * - contoso-guest: Project Administrator of legacy as a guest; owns fabrikam-labs with the home account.
 * - northwind-admin: Project Collection Administrator and Project Administrator in northwind-ops.
 * - Rotor's service principal of each tenant: Endpoint Administrator in every project of that tenant.
 */

type OrganizationName = (typeof ORGANIZATIONS)[number]["name"];
type AppKey = (typeof APPS)[number]["key"];

const user = (key: string) => {
  const found = USERS.find((u) => u.key === key)!;
  return identityKey(found.tenant, found.oid);
};
const homeAccountOf = (key: string) => identityKey(USERS.find((u) => u.key === key)!.homeTenant!, GUEST_HOME_OIDS[key]!);
const rotorIn = (tenant: SeedTenantKey) => identityKey(tenant, servicePrincipalOid(TENANTS[tenant].id));
const appId = (key: AppKey) => APPS.find((a) => a.key === key)!.appId;

export const DEVOPS_PROJECTS = [
  { organization: "contoso-platform", id: "d0000000-0000-4000-8000-0000000000a1", name: "payments", description: "Payments API, container builds and their pipelines." },
  { organization: "contoso-platform", id: "d0000000-0000-4000-8000-0000000000a2", name: "legacy", description: "Reporting jobs kept alive until the migration." },
  { organization: "contoso-data", id: "d0000000-0000-4000-8000-0000000000a3", name: "shared-infra", description: "Shared batch infrastructure." },
  { organization: "contoso-data", id: "d0000000-0000-4000-8000-0000000000a4", name: "ledger", description: "Ledger synchronisation jobs." },
  { organization: "fabrikam-labs", id: "d0000000-0000-4000-8000-0000000000b1", name: "research", description: "Fabrikam research prototypes." },
  { organization: "northwind-ops", id: "d0000000-0000-4000-8000-0000000000c1", name: "orders", description: "Order processing services." },
] as const satisfies readonly { organization: OrganizationName; id: string; name: string; description: string }[];

type ProjectName = (typeof DEVOPS_PROJECTS)[number]["name"];

export const ORGANIZATION_OWNERS: Record<OrganizationName, string> = {
  "contoso-platform": user("contoso-admin"),
  "contoso-data": user("contoso-admin"),
  "fabrikam-labs": homeAccountOf("contoso-guest"),
  "northwind-ops": user("northwind-admin"),
};

/** Group members by organization, and by project for project groups. */
export const DEVOPS_MEMBERS: { organization: OrganizationName; project?: ProjectName; group: GroupName; members: string[] }[] = [
  { organization: "contoso-platform", group: "Project Collection Administrators", members: [user("contoso-admin")] },
  { organization: "contoso-platform", project: "payments", group: "Endpoint Administrators", members: [user("contoso-owner"), rotorIn("contoso")] },
  { organization: "contoso-platform", project: "payments", group: "Contributors", members: [user("contoso-noconsent")] },
  { organization: "contoso-platform", project: "legacy", group: "Project Administrators", members: [user("contoso-guest")] },
  { organization: "contoso-platform", project: "legacy", group: "Contributors", members: [user("contoso-owner")] },
  { organization: "contoso-platform", project: "legacy", group: "Endpoint Administrators", members: [rotorIn("contoso")] },
  { organization: "contoso-data", group: "Project Collection Administrators", members: [user("contoso-admin"), user("contoso-owner")] },
  { organization: "contoso-data", project: "shared-infra", group: "Endpoint Administrators", members: [rotorIn("contoso")] },
  { organization: "contoso-data", project: "ledger", group: "Endpoint Administrators", members: [user("contoso-owner"), rotorIn("contoso")] },
  { organization: "fabrikam-labs", group: "Project Collection Administrators", members: [homeAccountOf("contoso-guest")] },
  { organization: "fabrikam-labs", project: "research", group: "Endpoint Administrators", members: [rotorIn("fabrikam")] },
  { organization: "northwind-ops", group: "Project Collection Administrators", members: [user("northwind-admin")] },
  { organization: "northwind-ops", project: "orders", group: "Project Administrators", members: [user("northwind-admin")] },
  { organization: "northwind-ops", project: "orders", group: "Endpoint Administrators", members: [rotorIn("northwind")] },
];

/** Fixed ids of the seeded service connections, for tests and the README. */
export const SERVICE_CONNECTIONS = {
  paymentsApiArm: "e0000000-0000-4000-8000-000000000001",
  paymentsFederated: "e0000000-0000-4000-8000-000000000002",
  paymentsAutomatic: "e0000000-0000-4000-8000-000000000003",
  hrPortalArm: "e0000000-0000-4000-8000-000000000004",
  containerBuildsRegistry: "e0000000-0000-4000-8000-000000000005",
  contosoAcr: "e0000000-0000-4000-8000-000000000006",
  dockerHubMirror: "e0000000-0000-4000-8000-000000000007",
  statusWebhook: "e0000000-0000-4000-8000-000000000008",
  paymentsApiArmFailed: "e0000000-0000-4000-8000-000000000009",
  reportingArm: "e0000000-0000-4000-8000-00000000000a",
  legacyBatchArm: "e0000000-0000-4000-8000-00000000000b",
  northwindOrdersArm: "e0000000-0000-4000-8000-00000000000c",
  ledgerSyncPayments: "e0000000-0000-4000-8000-00000000000d",
  ledgerSyncLedger: "e0000000-0000-4000-8000-00000000000e",
  ledgerSyncShared: "e0000000-0000-4000-8000-00000000000f",
  ledgerSyncReports: "e0000000-0000-4000-8000-000000000010",
} as const;

const CONTOSO_SUBSCRIPTION = { id: "5c000000-0000-4000-8000-0000000000a1", name: "Contoso Production" };
const NORTHWIND_SUBSCRIPTION = { id: "5c000000-0000-4000-8000-0000000000c1", name: "Northwind Operations" };

function base(id: string, organization: OrganizationName, project: ProjectName, name: string, description: string, createdBy: string): ConnectionBase {
  const org = ORGANIZATIONS.find((o) => o.name === organization)!;
  const proj = DEVOPS_PROJECTS.find((p) => p.organization === organization && p.name === project)!;
  return { id, organization: { name: org.name, id: org.id }, project: { id: proj.id, name: proj.name }, name, description, createdBy };
}

/**
 * The seeded connections. `secrets.forApp` gives an app's live client secret (the connection starts
 * in sync with Entra); `secrets.opaque` stands in for credentials that belong to no Entra app.
 */
/** Contoso's own docker registry, where container-builds-registry logs in: the demo tenant's allow-list (System → Azure DevOps). */
export const CONTOSO_REGISTRY_HOSTS = ["registry.contoso.example"];

export function seedServiceConnections(secrets: { forApp(appId: string): string | null; opaque(): string }): StoredEndpoint[] {
  const C = SERVICE_CONNECTIONS;
  const contoso = TENANTS.contoso.id;
  const admin = user("contoso-admin");
  const arm = (key: AppKey) => ({ tenantId: contoso, appId: appId(key), secret: secrets.forApp(appId(key)), subscription: CONTOSO_SUBSCRIPTION });
  return [
    // Supported: manual service principal secret of Payments API.
    azureRmSecret(base(C.paymentsApiArm, "contoso-platform", "payments", "payments-api-arm", "Deploys Payments API to Contoso Production.", admin), arm("payments-api")),
    // Not supported: workload identity federation has no secret.
    azureRmFederated(base(C.paymentsFederated, "contoso-platform", "payments", "payments-api-federated", "Federated deployment identity.", admin), { tenantId: contoso, appId: appId("payments-api"), subscription: CONTOSO_SUBSCRIPTION }),
    // Not supported: creationMode Automatic — Azure DevOps owns that app registration and its secret.
    azureRmSecret(base(C.paymentsAutomatic, "contoso-platform", "payments", "payments-automatic", "Created by Azure DevOps.", admin), {
      tenantId: contoso, appId: "a1f00000-0000-4000-8000-0000000000a1", secret: secrets.opaque(), subscription: CONTOSO_SUBSCRIPTION, creationMode: "Automatic",
    }),
    // Supported kind, but bound to HR Portal: offered only when binding HR Portal.
    azureRmSecret(base(C.hrPortalArm, "contoso-platform", "payments", "hr-portal-arm", "HR Portal deployments (another application).", admin), arm("hr-portal")),
    // Supported: registrytype Others whose user name is Container Builds' appId.
    dockerRegistry(base(C.containerBuildsRegistry, "contoso-platform", "payments", "container-builds-registry", "Pushes images with the Container Builds app.", admin), {
      registryType: "Others", registry: `https://${CONTOSO_REGISTRY_HOSTS[0]}/`, username: appId("container-builds"), password: secrets.forApp(appId("container-builds")), email: "builds@contoso.example",
    }),
    // Not supported: Azure Container Registry, authenticated by a service principal Azure DevOps manages.
    azureContainerRegistry(base(C.contosoAcr, "contoso-platform", "payments", "contoso-acr", "Azure Container Registry contosobuilds.", admin), {
      tenantId: contoso, appId: "a1f00000-0000-4000-8000-0000000000a2", registryName: "contosobuilds", subscription: CONTOSO_SUBSCRIPTION,
    }),
    // Not supported: Docker Hub account, not an Entra application.
    dockerRegistry(base(C.dockerHubMirror, "contoso-platform", "payments", "dockerhub-mirror", "Docker Hub pull mirror.", admin), {
      registryType: "DockerHub", registry: "https://index.docker.io/v1/", username: "contosobuild", password: secrets.opaque(), email: "builds@contoso.example",
    }),
    // Not supported: generic connection.
    genericEndpoint(base(C.statusWebhook, "contoso-platform", "payments", "status-webhook", "Posts deployment status.", admin), { url: "https://status.contoso.example/hooks", username: "rotor-status", password: secrets.opaque() }),
    // Failed connection (isReady false): listed only with includeFailed=true.
    azureRmSecret(base(C.paymentsApiArmFailed, "contoso-platform", "payments", "payments-api-arm-old", "Superseded; its verification failed.", admin), {
      ...arm("payments-api"), failed: "Failed to obtain the Json Web Token(JWT) using service principal client ID.",
    }),
    // Supported: Reporting Service in legacy, where contoso-owner is only a Contributor.
    azureRmSecret(base(C.reportingArm, "contoso-platform", "legacy", "reporting-arm", "Reporting Service jobs.", admin), arm("reporting-service")),
    // Supported: Legacy Batch in shared-infra, where contoso-owner is admin only as collection administrator.
    azureRmSecret(base(C.legacyBatchArm, "contoso-data", "shared-infra", "legacy-batch-arm", "Nightly batch deployments.", admin), arm("legacy-batch")),
    // Ledger Sync, one application in four supported connections: two in two projects of
    // contoso-data, one in contoso-platform's payments, and one in legacy, where its owner
    // (contoso-owner) has no admin right.
    azureRmSecret(base(C.ledgerSyncPayments, "contoso-platform", "payments", "ledger-sync-payments", "Posts payments to the ledger.", admin), arm("ledger-sync")),
    azureRmSecret(base(C.ledgerSyncLedger, "contoso-data", "ledger", "ledger-sync-ledger", "Ledger synchronisation deployments.", admin), arm("ledger-sync")),
    azureRmSecret(base(C.ledgerSyncShared, "contoso-data", "shared-infra", "ledger-sync-shared", "Ledger exports on the shared batch hosts.", admin), arm("ledger-sync")),
    azureRmSecret(base(C.ledgerSyncReports, "contoso-platform", "legacy", "ledger-sync-reports", "Ledger reports for the legacy jobs.", admin), arm("ledger-sync")),
    // Supported: Northwind Orders.
    azureRmSecret(base(C.northwindOrdersArm, "northwind-ops", "orders", "northwind-orders-arm", "Order service deployments.", user("northwind-admin")), {
      tenantId: TENANTS.northwind.id, appId: appId("northwind-orders"), secret: secrets.forApp(appId("northwind-orders")), subscription: NORTHWIND_SUBSCRIPTION,
    }),
  ];
}
