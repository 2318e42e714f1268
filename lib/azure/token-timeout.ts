import { AzureError } from "./errors";

/**
 * Runs a token request of @azure/identity with a deadline. Its abort signal does not reach every
 * request MSAL makes (the OpenID metadata look-up ignores it), so the deadline is a race: the caller
 * gets a timeout AzureError and the late answer, if any, is dropped.
 */
export async function withTokenDeadline<T>(ms: number, request: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AzureError("entra", 0, "Microsoft Entra ID did not answer in time.", "timeout"));
    }, ms);
  });
  const pending = request(controller.signal);
  pending.catch(() => undefined);
  try {
    return await Promise.race([pending, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
