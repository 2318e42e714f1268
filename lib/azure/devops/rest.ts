import "server-only";
import { azureFetch } from "../http";
import { withRetry } from "../retry";
import { authorizationHeader, type DevopsCredential } from "./credential";

/**
 * The api-version Rotor pins for the REST calls it makes itself. A pinned version needs no
 * OPTIONS location look-up (what azure-devops-node-api does before its first call to each area).
 */
export const DEVOPS_API_VERSION = "7.1";

/**
 * One Azure DevOps REST GET, sent the way the node client sends its own: api-version in Accept, no
 * sign-in redirects; throttling and server faults retried. Answers the body and the headers
 * (continuation tokens travel in a header).
 */
export async function devopsRequest<T>(credential: DevopsCredential, url: string, apiVersion = DEVOPS_API_VERSION): Promise<{ body: T; headers: Headers }> {
  return withRetry(async () =>
    azureFetch<T>("devops", url, {
      headers: {
        authorization: await authorizationHeader(credential),
        accept: `application/json;api-version=${apiVersion}`,
        "x-tfs-fedauthredirect": "Suppress",
      },
    }),
  );
}

/** The body of a REST GET (profile, accounts, permissions, projects, service connections). */
export async function devopsGet<T>(credential: DevopsCredential, url: string, apiVersion = DEVOPS_API_VERSION): Promise<T> {
  return (await devopsRequest<T>(credential, url, apiVersion)).body;
}
