import { Hono } from "hono";
import { bulkRoutes } from "../../emulator/bulk";
import { appRoutes, devopsInspectRoutes, devopsRoutes, vsspsRoutes } from "../../emulator/devops/routes";
import { DevopsState } from "../../emulator/devops/state";
import { GraphState } from "../../emulator/graph/state";
import { APPS } from "../../emulator/seed";
import type { EmulatorState } from "../../emulator/state";

export const secretOf = (appId: string) => `live-secret-of-${appId.slice(-4)}`;

/**
 * The DevOps routes (and the bulk routes) on an in-process app with a stub `secretFor`, so tests
 * can look inside the state and change it without touching the shared test emulator.
 */
export function devopsHarness(emulator: EmulatorState) {
  const devops = DevopsState.create({ secretFor: (id) => (APPS.some((a) => a.appId === id) ? secretOf(id) : undefined) });
  const app = new Hono();
  app.route("/_emulator/devops", devopsInspectRoutes(emulator, devops));
  app.route("/_emulator/bulk", bulkRoutes(new GraphState(emulator, { userReadBasicAll: false }), devops));
  app.route("/devops", devopsRoutes(emulator, devops));
  app.route("/vssps", vsspsRoutes(emulator, devops));
  app.route("/app", appRoutes(emulator, devops));
  const mint = async (userKey: string) => ((await (await app.request("/_emulator/devops/pats", { method: "POST", body: JSON.stringify({ userKey }) })).json()) as { token: string }).token;
  const headers = (pat: string) => ({ authorization: `Basic ${Buffer.from(`PAT:${pat}`).toString("base64")}`, "x-tfs-fedauthredirect": "Suppress", "content-type": "application/json" });
  return { emulator, devops, app, mint, headers };
}
