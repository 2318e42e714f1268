import { Hono } from "hono";
import type { EmulatorState } from "../state";
import { authenticate } from "./auth";
import { coreRoutes } from "./core-routes";
import { endpointProxyRoutes, type SecretCheck } from "./endpoint-proxy-routes";
import { endpointRoutes } from "./endpoint-routes";
import { endpointWriteRoutes } from "./endpoint-write-routes";
import { errors } from "./errors";
import { graphRoutes } from "./graph-routes";
import { checkApiVersion } from "./http";
import { locationRoutes } from "./location-routes";
import { permissionRoutes } from "./permission-routes";
import { profileRoutes } from "./profile-routes";
import type { DevopsState } from "./state";
import type { DevopsEnv } from "./types";

export { devopsInspectRoutes } from "./inspect-routes";

/**
 * One emulated host. The closing catch-all answers unknown paths the way Azure does, and keeps
 * them from falling through to the Entra routes that server.ts mounts at `/`.
 */
function host(scope: "organization" | "global", emulator: EmulatorState, devops: DevopsState, register: (app: Hono<DevopsEnv>) => void) {
  const app = new Hono<DevopsEnv>();
  app.use(scope === "organization" ? "/:org/*" : "*", authenticate(emulator, devops, scope), checkApiVersion);
  register(app);
  app.all("*", (c) => errors.noRoute(c));
  return app;
}

/** dev.azure.com, mounted at `/devops`. */
export function devopsRoutes(emulator: EmulatorState, devops: DevopsState, acceptsSecret: SecretCheck = () => false) {
  return host("organization", emulator, devops, (app) => {
    locationRoutes(app);
    coreRoutes(app, devops);
    endpointRoutes(app, devops);
    endpointWriteRoutes(app, devops);
    endpointProxyRoutes(app, devops, acceptsSecret);
    permissionRoutes(app, devops);
  });
}

/** vssps.dev.azure.com, mounted at `/vssps`. */
export function vsspsRoutes(emulator: EmulatorState, devops: DevopsState) {
  return host("organization", emulator, devops, (app) => graphRoutes(app, devops));
}

/** app.vssps.visualstudio.com, mounted at `/app`. */
export function appRoutes(emulator: EmulatorState, devops: DevopsState) {
  return host("global", emulator, devops, (app) => profileRoutes(app, devops));
}
