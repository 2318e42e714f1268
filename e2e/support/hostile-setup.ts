import { expect, request, type APIRequestContext, type Browser } from "@playwright/test";
import { APPS, TENANTS } from "../../emulator/seed";
import { ApiKeysPage } from "../pages/api-keys";
import { Portal } from "../pages/portal";
import { E2E } from "../stack-config";
import { query } from "./db";
import { freshSession } from "./fresh-session";
import { callAction, manifestActions, resultOf } from "./server-actions";

export type HostileContext = {
  admin: APIRequestContext;
  /** A client with a new session of `email` (the admin by default), for calls that end the session (sign-out). */
  freshClient: (email?: string) => Promise<APIRequestContext>;
  anonymous: APIRequestContext;
  key: { id: string; key: string };
  /** Rotor's id of Container Builds, under Rotor for the spec. */
  targetId: string;
  /** Keys a hostile-but-valid name created, revoked at the end. */
  createdKeys: string[];
  restore: () => Promise<void>;
};

const TARGET = APPS.find((a) => a.key === "container-builds")!;
const managedId = () => query<{ id: string }>("select id from applications where tenant_id = ? and app_id = ?", TENANTS.contoso.id, TARGET.appId)[0]?.id;
const action = (name: string) => [...manifestActions().values()].find((a) => a.name === name)!;

/** Signs the Contoso admin in, creates a scheduler key on System → API keys, and puts Container Builds under Rotor. */
export async function prepareHostile(browser: Browser): Promise<HostileContext> {
  const context = await browser.newContext({ baseURL: `http://localhost:${E2E.appPort}` });
  const page = await context.newPage();
  await new Portal(page).signInAs("adele@contoso.example");
  const keys = new ApiKeysPage(page);
  await keys.open();
  const name = `hostile input ${Date.now().toString(36)}`;
  const secret = await keys.create(name);
  const keyId = query<{ id: string }>("select id from api_keys where name = ?", name)[0]!.id;
  const state = await context.storageState();
  await context.close();

  const baseURL = `http://localhost:${E2E.appPort}`;
  const admin = await request.newContext({ baseURL, storageState: state });
  const freshClient = async (email = "adele@contoso.example") => (await freshSession(browser, email)).client;
  const anonymous = await request.newContext({ baseURL });
  const ok = async (name: string, args: unknown[]) => expect(resultOf(await callAction(admin, action(name), args)), name).toMatchObject({ ok: true });
  const added = !managedId();
  if (added) await ok("addApplication", [{ appId: TARGET.appId }]);

  const ctx: HostileContext = {
    admin,
    freshClient,
    anonymous,
    key: { id: keyId, key: secret },
    targetId: managedId()!,
    createdKeys: [],
    restore: async () => {
      for (const id of [...ctx.createdKeys, keyId]) await ok("revokeApiKey", [{ id }]);
      if (added) await ok("removeApplication", [{ applicationId: ctx.targetId }]);
      await admin.dispose();
      await anonymous.dispose();
    },
  };
  return ctx;
}
