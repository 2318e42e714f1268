import { stableUuid } from "./ids";
import type { StoredEndpoint } from "./types";

/** What every seeded connection needs, whatever its kind. */
export type ConnectionBase = {
  id: string;
  organization: { name: string; id: string };
  project: { id: string; name: string };
  name: string;
  description: string;
  createdBy: string;
};

export type Subscription = { id: string; name: string };

function endpoint(base: ConnectionBase, rest: Pick<StoredEndpoint, "type" | "url" | "data" | "authorization"> & Partial<StoredEndpoint>): StoredEndpoint {
  return {
    organization: base.organization.name,
    id: base.id,
    name: base.name,
    description: base.description,
    isShared: false,
    isReady: true,
    owner: "Library",
    projectReferences: [{ projectId: base.project.id, name: base.name, description: base.description }],
    createdBy: base.createdBy,
    ...rest,
  };
}

const armData = (subscription: Subscription, creationMode: "Manual" | "Automatic", extra: Record<string, string> = {}) => ({
  environment: "AzureCloud",
  scopeLevel: "Subscription",
  subscriptionId: subscription.id,
  subscriptionName: subscription.name,
  creationMode,
  ...extra,
});

function automaticData(endpointId: string): Record<string, string> {
  const roleAssignmentId = stableUuid(`${endpointId}:role`);
  return {
    appObjectId: stableUuid(`${endpointId}:app`),
    spnObjectId: stableUuid(`${endpointId}:spn`),
    azureSpnRoleAssignmentId: roleAssignmentId,
    azureSpnPermissions: JSON.stringify([{ roleAssignmentId, resourceProvider: "Microsoft.RoleAssignment", provisioned: true }]),
  };
}

/** azurerm, scheme ServicePrincipal with a client secret (spnKey): the kind Rotor can rotate when creationMode is Manual. */
export function azureRmSecret(
  base: ConnectionBase,
  o: { tenantId: string; appId: string; secret: string | null; subscription: Subscription; creationMode?: "Manual" | "Automatic"; failed?: string },
): StoredEndpoint {
  const automatic = o.creationMode === "Automatic";
  return endpoint(base, {
    type: "azurerm",
    url: "https://management.azure.com/",
    // Automatic: Azure DevOps created the app registration itself and records what it created.
    data: armData(o.subscription, o.creationMode ?? "Manual", automatic ? automaticData(base.id) : {}),
    authorization: { scheme: "ServicePrincipal", parameters: { tenantid: o.tenantId, serviceprincipalid: o.appId, authenticationType: "spnKey", serviceprincipalkey: o.secret } },
    isReady: !o.failed,
    operationStatus: o.failed ? { state: "Failed", statusMessage: o.failed } : { state: "Ready", statusMessage: "" },
  });
}

/** azurerm with workload identity federation: no secret exists to rotate. */
export function azureRmFederated(base: ConnectionBase, o: { tenantId: string; appId: string; subscription: Subscription }): StoredEndpoint {
  return endpoint(base, {
    type: "azurerm",
    url: "https://management.azure.com/",
    data: armData(o.subscription, "Manual"),
    authorization: {
      scheme: "WorkloadIdentityFederation",
      parameters: {
        tenantid: o.tenantId,
        serviceprincipalid: o.appId,
        workloadIdentityFederationIssuer: `https://vstoken.dev.azure.com/${base.organization.id}`,
        workloadIdentityFederationSubject: `sc://${base.organization.name}/${base.project.name}/${base.name}`,
      },
    },
    operationStatus: { state: "Ready", statusMessage: "" },
  });
}

/** dockerregistry with a user name and password (registrytype Others or DockerHub). */
export function dockerRegistry(
  base: ConnectionBase,
  o: { registryType: "Others" | "DockerHub"; registry: string; username: string; password: string | null; email: string },
): StoredEndpoint {
  return endpoint(base, {
    type: "dockerregistry",
    url: o.registry,
    data: { registrytype: o.registryType },
    authorization: { scheme: "UsernamePassword", parameters: { registry: o.registry, username: o.username, password: o.password, email: o.email } },
  });
}

/** dockerregistry for Azure Container Registry: Azure DevOps holds an automatically created service principal. */
export function azureContainerRegistry(base: ConnectionBase, o: { tenantId: string; appId: string; registryName: string; subscription: Subscription }): StoredEndpoint {
  const registryId = `/subscriptions/${o.subscription.id}/resourceGroups/build/providers/Microsoft.ContainerRegistry/registries/${o.registryName}`;
  return endpoint(base, {
    type: "dockerregistry",
    url: `https://${o.registryName}.azurecr.io`,
    data: { registryId, registrytype: "ACR", subscriptionId: o.subscription.id, subscriptionName: o.subscription.name },
    authorization: {
      scheme: "ServicePrincipal",
      parameters: { loginServer: `${o.registryName}.azurecr.io`, servicePrincipalId: o.appId, tenantId: o.tenantId, scope: registryId, role: "8311e382-0749-4cb8-b61a-304f252e45ec" },
    },
  });
}

/** generic: a URL with a user name and password. */
export function genericEndpoint(base: ConnectionBase, o: { url: string; username: string; password: string | null }): StoredEndpoint {
  return endpoint(base, {
    type: "generic",
    url: o.url,
    data: {},
    authorization: { scheme: "UsernamePassword", parameters: { username: o.username, password: o.password } },
  });
}
