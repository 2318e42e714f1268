import { Hono } from "hono";
import type { FaultInjector } from "./injector";
import { faultRuleInput } from "./rules";

/** `/_emulator/faults`: add, list and remove fault rules. */
export function faultRoutes(faults: FaultInjector) {
  const app = new Hono();

  app.post("/", async (c) => {
    const parsed = faultRuleInput.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ message: parsed.error.issues.map((i) => `${i.path.join(".") || "rule"}: ${i.message}`).join("; ") }, 400);
    try {
      return c.json({ id: faults.add(parsed.data).id }, 201);
    } catch (error) {
      if (error instanceof SyntaxError) return c.json({ message: "path: not a valid /regex/." }, 400);
      throw error;
    }
  });

  app.get("/", (c) => {
    const rules = faults.list();
    return c.json({ count: rules.length, value: rules });
  });

  app.delete("/", (c) => {
    faults.clear();
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => (faults.remove(c.req.param("id")) ? c.body(null, 204) : c.json({ message: "No such fault rule." }, 404)));

  return app;
}
