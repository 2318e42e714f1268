import "server-only";
import { azureFetch } from "../http";
import { withRetry } from "../retry";
import { authorizationHeader, type DevopsCredential } from "./credential";

/**
 * Azure DevOps REST calls the node client has no class for (profile, accounts, permissions),
 * sent the way the node client sends its own: api-version in Accept, no sign-in redirects.
 */
export async function devopsGet<T>(credential: DevopsCredential, url: string, apiVersion = "7.1"): Promise<T> {
  const { body } = await withRetry(async () =>
    azureFetch<T>("devops", url, {
      headers: {
        authorization: await authorizationHeader(credential),
        accept: `application/json;api-version=${apiVersion}`,
        "x-tfs-fedauthredirect": "Suppress",
      },
    }),
  );
  return body;
}
