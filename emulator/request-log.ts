import { Hono, type MiddlewareHandler } from "hono";

export type LoggedRequest = { seq: number; method: string; path: string; status: number; accept: string | null };

/**
 * Every request the emulator answered (but its own `/_emulator` routes), so tests can assert how
 * many calls a client function makes: read `seq` before, then the requests after it.
 */
export class RequestLog {
  private seq = 0;
  private readonly entries: LoggedRequest[] = [];

  readonly middleware: MiddlewareHandler = async (c, next) => {
    await next();
    const path = new URL(c.req.url).pathname;
    if (path.startsWith("/_emulator")) return;
    this.entries.push({ seq: ++this.seq, method: c.req.method, path, status: c.res.status, accept: c.req.header("accept") ?? null });
    if (this.entries.length > 5_000) this.entries.splice(0, 1_000);
  };

  routes() {
    const app = new Hono();
    app.get("/", (c) => {
      const since = Number(c.req.query("since") ?? 0);
      return c.json({ seq: this.seq, value: this.entries.filter((e) => e.seq > since) });
    });
    return app;
  }
}
