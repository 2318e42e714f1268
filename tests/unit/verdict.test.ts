import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";
import { describe, expect, it } from "vitest";
import { parseRegistryHosts } from "@/lib/azure/devops/registry-hosts";
import { verdictFor } from "@/lib/azure/devops/verdict";

const appId = "a1000000-0000-4000-8000-000000000001";
const arm = (over: Partial<ServiceEndpoint> = {}, parameters: Record<string, string> = {}, data: Record<string, string> = {}): ServiceEndpoint => ({
  type: "azurerm",
  authorization: { scheme: "ServicePrincipal", parameters: { authenticationType: "spnKey", serviceprincipalid: appId, serviceprincipalkey: null as unknown as string, ...parameters } },
  data: { creationMode: "Manual", ...data },
  ...over,
});

const allowed = ["registry.contoso.example"];
const docker = (url: string | undefined, registry: string | undefined = url): ServiceEndpoint => ({
  type: "dockerregistry",
  url,
  authorization: { scheme: "UsernamePassword", parameters: { username: appId, ...(registry === undefined ? {} : { registry }) } },
  data: { registrytype: "Others" },
});

describe("service connection verdict", () => {
  it("supports a manual azurerm secret and a dockerregistry Others bound to the application on an allowed registry", () => {
    expect(verdictFor(arm(), appId, [])).toEqual({ supported: true });
    expect(verdictFor(arm({}, { serviceprincipalid: appId.toUpperCase() }), appId, [])).toEqual({ supported: true });
    expect(verdictFor(docker("https://registry.contoso.example/"), appId, allowed)).toEqual({ supported: true });
    expect(verdictFor(docker("https://Registry.Contoso.example", "registry.contoso.example"), appId, allowed)).toEqual({ supported: true });
  });

  it.each([
    ["an empty allow-list", docker("https://registry.contoso.example/"), [], /not on this tenant's allow-list, which is empty/],
    ["someone's own registry", docker("https://registry.attacker.example/"), allowed, /registry\.attacker\.example is not on this tenant's allow-list/],
    ["an allowed URL but another registry to log in to", docker("https://registry.contoso.example/", "https://registry.attacker.example"), allowed, /registry\.attacker\.example/],
    ["the allowed name on another port", docker("https://registry.contoso.example:8443/"), allowed, /registry\.contoso\.example:8443/],
    ["a look-alike host", docker("https://registry.contoso.example.attacker.example/"), allowed, /not on this tenant's allow-list/],
    ["no registry at all", docker(undefined), allowed, /Does not name its registry/],
  ])("refuses a docker connection with %s", (_, endpoint, hosts, reason) => {
    const verdict = verdictFor(endpoint, appId, hosts);
    expect(verdict.supported).toBe(false);
    expect(verdict.supported === false && verdict.reason).toMatch(reason);
  });

  it("reads the allow-list as hosts, one per line or comma-separated, naming what is not a host", () => {
    expect(parseRegistryHosts(" Registry.Contoso.example\nregistry.contoso.example, cr.example:5000 ")).toEqual({ hosts: ["registry.contoso.example", "cr.example:5000"], invalid: [] });
    expect(parseRegistryHosts("https://cr.example/ bad_host cr.example:99999999").invalid).toEqual(["https://cr.example/", "bad_host", "cr.example:99999999"]);
    expect(parseRegistryHosts("")).toEqual({ hosts: [], invalid: [] });
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
    const verdict = verdictFor(endpoint as ServiceEndpoint, appId, allowed);
    expect(verdict.supported).toBe(false);
    expect(verdict.supported === false && verdict.reason).toMatch(reason);
  });
});
