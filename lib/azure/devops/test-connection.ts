import "server-only";
import { z } from "zod";
import { readAnswer } from "../answers";
import { readEndpoint } from "./answers";
import { devopsCall, serviceEndpointApi } from "./client";
import type { DevopsCredential } from "./credential";

/** Connection types Azure DevOps can test through its endpoint proxy, and the data source that does it. */
const TEST_DATA_SOURCE: Record<string, string> = { azurerm: "TestConnection" };

/** ServiceEndpointRequestResult: the HTTP answer is 200 either way; the data source's outcome is inside. */
const requestResult = z.object({ statusCode: z.string().min(1), errorMessage: z.string().nullish() });

export type ConnectionTest = { ran: false; type: string } | { ran: true; ok: true } | { ran: true; ok: false; message: string };

/**
 * Asks Azure DevOps to test a connection with what it stores (`POST {org}/{project}/_apis/
 * serviceendpoint/endpointproxy?endpointId=…`, data source TestConnection): for azurerm it signs
 * in as the service principal with the stored secret, as a pipeline would. Types without such a
 * test answer `{ ran: false }`. A failed call (not a failed test) throws an AzureError.
 */
export async function testServiceConnection(
  credential: DevopsCredential,
  { organization, project, endpointId, type }: { organization: string; project: string; endpointId: string; type: string | null },
): Promise<ConnectionTest> {
  const api = await serviceEndpointApi(credential, organization);
  // A binding saved before Rotor kept the type: ask the connection.
  const known = type ?? readEndpoint(await devopsCall(() => api.getServiceEndpointDetails(project, endpointId)))?.type ?? "";
  const dataSourceName = TEST_DATA_SOURCE[known.toLowerCase()];
  if (!dataSourceName) return { ran: false, type: known };
  const answer: unknown = await devopsCall(() => api.executeServiceEndpointRequest({ dataSourceDetails: { dataSourceName, parameters: {} } }, project, endpointId));
  const result = readAnswer("devops", "the connection test", requestResult, answer);
  if (result.statusCode.toLowerCase() === "ok") return { ran: true, ok: true };
  // Azure's own sentence, cut before any trace ids; it names the app, never a secret.
  const message = (result.errorMessage ?? "").split(/ Trace ID:| Correlation ID:/)[0]!.trim() || `the test answered ${result.statusCode}`;
  return { ran: true, ok: false, message: message.slice(0, 500) };
}
