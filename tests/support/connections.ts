/**
 * Creates a service connection as a person would in the Azure DevOps portal, with Rotor's service
 * principal of `tenantId` (an Endpoint Administrator of every project of a bulk organization):
 * `POST {org}/_apis/serviceendpoint/endpoints`, shared into `projects`. For tests and benches.
 */
export async function createConnection(
  devopsBase: string,
  { tenantId, organization, body, projects }: { tenantId: string; organization: string; body: Record<string, unknown> & { name: string }; projects: { id: string; name: string }[] },
): Promise<string> {
  const { appToken } = await import("@/lib/azure/app-token");
  const res = await fetch(`${devopsBase}/${organization}/_apis/serviceendpoint/endpoints`, {
    method: "POST",
    headers: { authorization: `Bearer ${await appToken(tenantId, "devops")}`, "content-type": "application/json", accept: "application/json;api-version=7.1", "x-tfs-fedauthredirect": "Suppress" },
    body: JSON.stringify({ ...body, serviceEndpointProjectReferences: projects.map((p) => ({ projectReference: p, name: body.name })) }),
  });
  if (res.status !== 200) throw new Error(`creating ${body.name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** An azurerm connection of `appId`: a manual secret, or (federated) none. */
export function armConnection(name: string, { tenantId, appId, federated = false }: { tenantId: string; appId: string; federated?: boolean }) {
  return {
    name,
    type: "azurerm",
    url: "https://management.azure.com/",
    data: { subscriptionId: "5c000000-0000-4000-8000-0000000000a1", subscriptionName: "Contoso Production", environment: "AzureCloud", scopeLevel: "Subscription", creationMode: "Manual" },
    authorization: federated
      ? { scheme: "WorkloadIdentityFederation", parameters: { tenantid: tenantId, serviceprincipalid: appId.toUpperCase() } }
      : { scheme: "ServicePrincipal", parameters: { tenantid: tenantId, serviceprincipalid: appId, authenticationType: "spnKey", serviceprincipalkey: "test-not-a-real-secret" } },
  };
}
