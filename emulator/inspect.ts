import { Hono } from "hono";
import type { EmulatorState } from "./state";

/** `/_emulator/…`: inspection for tests; real Azure has no such routes and Rotor never calls them. */
export function inspectRoutes(state: EmulatorState) {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/issued-secrets", (c) => c.json({ count: state.issued.length, value: state.issued }));
  return app;
}
