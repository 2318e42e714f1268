import "server-only";
import { azureFetch } from "../http";
import { withRetry } from "../retry";
import { authorizationHeader, type DevopsCredential } from "./credential";

/**
 * Azure DevOps REST calls the node client has no class for (profile, accounts, permissions) or
 * reads too little of (project pages: it drops the continuation header), sent the way the node
 * client sends its own: api-version in Accept, no sign-in redirects.
 */
export async function devopsGetWithHeaders<T>(credential: DevopsCredential, url: string, apiVersion = "7.1"): Promise<{ body: T; headers: Headers }> {
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

export async function devopsGet<T>(credential: DevopsCredential, url: string, apiVersion = "7.1"): Promise<T> {
  return (await devopsGetWithHeaders<T>(credential, url, apiVersion)).body;
}
