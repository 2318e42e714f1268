import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { registryRefusal } from "./registry-hosts";

export type Verdict = { supported: true } | { supported: false; reason: string };

/** Where the secret lives in each supported kind of connection, and who it belongs to. */
export const SECRET_PARAMETER = { azurerm: "serviceprincipalkey", dockerregistry: "password" } as const;
const OWNER_PARAMETER = { azurerm: "serviceprincipalid", dockerregistry: "username" } as const;

/**
 * Can Rotor keep this connection's secret fresh for the application `appId`? Supported: azurerm
 * with a manually created service principal and secret, and dockerregistry "Others" (a registry
 * that accepts the application's id and secret), either bound to this application — and a docker
 * registry only on a host of the tenant's allow-list `registryHosts` (anyone who administers a
 * project could otherwise point a connection at their own registry and receive the secret).
 */
export function verdictFor(endpoint: ServiceEndpoint, appId: string, registryHosts: readonly string[]): Verdict {
  const type = endpoint.type?.toLowerCase() ?? "";
  const scheme = endpoint.authorization?.scheme ?? "";
  const parameters = endpoint.authorization?.parameters ?? {};
  const data = endpoint.data ?? {};

  if (type === "azurerm") {
    if (/workloadidentityfederation/i.test(scheme)) return no("Uses workload identity federation: there is no secret to rotate.");
    if (scheme.toLowerCase() === "managedserviceidentity") return no("Uses a managed identity: there is no secret to rotate.");
    if (scheme.toLowerCase() !== "serviceprincipal") return no(`Authentication scheme ${scheme || "(none)"} is not supported.`);
    if ((parameters.authenticationType ?? "spnKey") !== "spnKey") return no("Authenticates with a certificate, not a manual secret.");
    if ((data.creationMode ?? "Manual") !== "Manual") return no("Not a manual secret: Azure DevOps created this service principal and manages its secret.");
  } else if (type === "dockerregistry") {
    const registryType = data.registrytype ?? "";
    if (registryType === "ACR") return no("Azure Container Registry connections are not a manual secret: Azure DevOps manages their credentials.");
    if (registryType !== "Others") return no(`Registry type ${registryType || "(none)"} does not authenticate with an Entra application secret.`);
  } else {
    return no(`Connection type ${endpoint.type ?? "(unknown)"} is not supported.`);
  }

  const owner = parameters[OWNER_PARAMETER[type]];
  if (!owner || owner.toLowerCase() !== appId.toLowerCase()) {
    return no(owner ? `Bound to another application (${owner}).` : "Does not name the application it authenticates as.");
  }
  if (type === "dockerregistry") {
    const refusal = registryRefusal(endpoint, registryHosts);
    if (refusal) return no(refusal);
  }
  return { supported: true };
}

function no(reason: string): Verdict {
  return { supported: false, reason };
}

export function secretParameterOf(endpoint: ServiceEndpoint): string | undefined {
  const type = endpoint.type?.toLowerCase();
  return type === "azurerm" || type === "dockerregistry" ? SECRET_PARAMETER[type] : undefined;
}
