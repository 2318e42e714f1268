import { request, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { Portal } from "../pages/portal";
import { E2E } from "../stack-config";
import { query } from "./db";

/**
 * A new session of its own for `email` (a browser sign-in through the emulator), as a request
 * context, with the id of its server-side session. For calls that end sessions: sign-out and
 * "sign out everywhere" end the session on the server, so they must never be given a session
 * other tests still use.
 */
type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export async function freshSession(
  browser: Browser,
  email: string,
  headers: Record<string, string> = {},
): Promise<{ client: APIRequestContext; sessionId: string; state: StorageState }> {
  const baseURL = `http://localhost:${E2E.appPort}`;
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new Portal(page).signInAs(email);
  const state = await context.storageState();
  await context.close();
  const sessionId = query<{ id: string }>("select s.id from sessions s join users u on u.id = s.user_id where u.email = ? order by s.created_at desc limit 1", email)[0]!.id;
  return { client: await request.newContext({ baseURL, storageState: state, extraHTTPHeaders: headers }), sessionId, state };
}

/** Whether a server-side session is still open. */
export const sessionOpen = (sessionId: string) => query<{ n: number }>("select count(*) as n from sessions where id = ?", sessionId)[0]!.n === 1;
