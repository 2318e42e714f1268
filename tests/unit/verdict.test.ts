import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { describe, expect, it } from "vitest";
import { verdictFor } from "@/lib/azure/devops/verdict";

const appId = "a1000000-0000-4000-8000-000000000001";
const arm = (over: Partial<ServiceEndpoint> = {}, parameters: Record<string, string> = {}, data: Record<string, string> = {}): ServiceEndpoint => ({
  type: "azurerm",
  authorization: { scheme: "ServicePrincipal", parameters: { authenticationType: "spnKey", serviceprincipalid: appId, serviceprincipalkey: null as unknown as string, ...parameters } },
  data: { creationMode: "Manual", ...data },
  ...over,
});

describe("service connection verdict", () => {
  it("supports a manual azurerm secret and a dockerregistry Others bound to the application", () => {
    expect(verdictFor(arm(), appId)).toEqual({ supported: true });
    expect(verdictFor(arm({}, { serviceprincipalid: appId.toUpperCase() }), appId)).toEqual({ supported: true });
    expect(verdictFor({ type: "dockerregistry", authorization: { scheme: "UsernamePassword", parameters: { username: appId } }, data: { registrytype: "Others" } }, appId)).toEqual({ supported: true });
  });

  it.each([
    ["workload identity federation", arm({ authorization: { scheme: "WorkloadIdentityFederation", parameters: {} } }), /workload identity federation/],
    ["a managed identity", arm({ authorization: { scheme: "ManagedServiceIdentity", parameters: {} } }), /managed identity/],
    ["a certificate", arm({}, { authenticationType: "spnCertificate" }), /certificate/],
    ["automatic creation", arm({}, {}, { creationMode: "Automatic" }), /Not a manual secret/],
    ["another application", arm({}, { serviceprincipalid: "b0000000-0000-4000-8000-000000000000" }), /Bound to another application/],
    ["ACR", { type: "dockerregistry", authorization: { scheme: "ServicePrincipal", parameters: {} }, data: { registrytype: "ACR" } }, /Azure Container Registry/],
    ["Docker Hub", { type: "dockerregistry", authorization: { scheme: "UsernamePassword", parameters: { username: appId } }, data: { registrytype: "DockerHub" } }, /Registry type DockerHub/],
    ["a generic connection", { type: "generic", authorization: { scheme: "UsernamePassword", parameters: {} } }, /type generic is not supported/],
  ])("refuses %s with a reason", (_, endpoint, reason) => {
    const verdict = verdictFor(endpoint as ServiceEndpoint, appId);
    expect(verdict.supported).toBe(false);
    expect(verdict.supported === false && verdict.reason).toMatch(reason);
  });
});
