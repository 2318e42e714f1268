import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { registryRefusal } from "./registry-hosts";

export type Verdict = { supported: true } | { supported: false; reason: string };

/** Where the secret lives in each supported kind of connection, and who it belongs to. */
export const SECRET_PARAMETER = { azurerm: "serviceprincipalkey", dockerregistry: "password" } as const;
const OWNER_PARAMETER = { azurerm: "serviceprincipalid", dockerregistry: "username" } as const;

/** Display names of the tenant's applications by application (client) id, lower-cased, to name the other application a connection belongs to. */
export type ApplicationNames = ReadonlyMap<string, string>;

/** The application (client) id a connection signs in as, when its kind names one. */
export function authenticatesAs(endpoint: ServiceEndpoint): string | undefined {
  const type = endpoint.type?.toLowerCase() ?? "";
  if (type !== "azurerm" && type !== "dockerregistry") return undefined;
  const owner: unknown = endpoint.authorization?.parameters?.[OWNER_PARAMETER[type]];
  return typeof owner === "string" && owner ? owner : undefined;
}

/**
 * Can Rotor keep this connection's secret fresh for the application `appId`? Supported: azurerm
 * with a manually created service principal and secret, and dockerregistry "Others" (a registry
 * that accepts the application's id and secret), either bound to this application — and a docker
 * registry only on a host of the tenant's allow-list `registryHosts` (anyone who administers a
 * project could otherwise point a connection at their own registry and receive the secret).
 */
export function verdictFor(endpoint: ServiceEndpoint, appId: string, registryHosts: readonly string[], names?: ApplicationNames): Verdict {
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
  if (!owner) return no("Does not name the application it authenticates as.");
  if (owner.toLowerCase() !== appId.toLowerCase()) {
    const name = names?.get(owner.toLowerCase());
    return no(name ? `Bound to another application: ${name}.` : `Bound to another application (client id ${owner}), which Rotor does not manage.`);
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

/**
 * Whether the connection stores a client secret of the application it authenticates as (supported
 * by Rotor or not): azurerm with a manual service principal key, or a docker registry's password.
 * Federation, managed identities, certificates and Azure DevOps' automatic service principals
 * hold none, so removing an old secret cannot break them.
 */
export function holdsSecret(endpoint: ServiceEndpoint): boolean {
  const type = endpoint.type?.toLowerCase();
  const scheme = endpoint.authorization?.scheme?.toLowerCase() ?? "";
  const parameters = endpoint.authorization?.parameters ?? {};
  if (type === "azurerm") {
    return scheme === "serviceprincipal" && (parameters.authenticationType ?? "spnKey") === "spnKey" && (endpoint.data?.creationMode ?? "Manual") === "Manual";
  }
  // Azure answers the password as null: the scheme says there is one.
  return type === "dockerregistry" && scheme === "usernamepassword";
}

export function secretParameterOf(endpoint: ServiceEndpoint): string | undefined {
  const type = endpoint.type?.toLowerCase();
  return type === "azurerm" || type === "dockerregistry" ? SECRET_PARAMETER[type] : undefined;
}
