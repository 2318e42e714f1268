import autocannon from "autocannon";

/**
 * HTTP load with autocannon: each target is its own instance with its own connections, all
 * running at once against one app. Every answer's status is counted and its body looked at, so a
 * 5xx or a database error that leaks into a body is caught even when the load is heavy.
 */
export type Target = {
  name: string;
  method: "GET" | "POST";
  /** Fixed, or chosen per request (e.g. a rotation id from those seen so far). */
  path: string | (() => string);
  headers?: Record<string, string> | (() => Record<string, string>);
  connections: number;
  /** Requests per second per connection; unlimited when absent. */
  connectionRate?: number;
  /** Sees every answer (status, body), e.g. to collect the rotations a POST started. */
  onAnswer?: (status: number, body: string) => void;
};

export type TargetResult = {
  name: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** Connection errors and timeouts, as autocannon counts them. */
  errors: number;
  timeouts: number;
  /** Answers whose body mentions SQLITE_BUSY (or any SQLite error code). */
  sqliteInBody: number;
  /** A few of the unexpected answers, for the failure message. */
  samples: string[];
  /** The app's CPU time per request, when the caller measured it. */
  cpuMsPerRequest?: number;
};

export async function runLoad(baseUrl: string, targets: Target[], { durationSeconds, timeoutSeconds = 30 }: { durationSeconds: number; timeoutSeconds?: number }): Promise<TargetResult[]> {
  return Promise.all(
    targets.map(async (target) => {
      const statuses: Record<string, number> = {};
      const samples: string[] = [];
      let sqliteInBody = 0;
      const headers = () => (typeof target.headers === "function" ? target.headers() : (target.headers ?? {}));
      const result = await autocannon({
        url: baseUrl,
        connections: target.connections,
        ...(target.connectionRate ? { connectionRate: target.connectionRate } : {}),
        duration: durationSeconds,
        timeout: timeoutSeconds,
        requests: [
          {
            method: target.method,
            setupRequest: (request) => ({
              ...request,
              method: target.method,
              path: typeof target.path === "function" ? target.path() : target.path,
              headers: { ...headers(), ...(target.method === "POST" ? { "content-length": "0" } : {}) },
            }),
            onResponse: (status: number, body: string) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (/SQLITE_/.test(body)) sqliteInBody++;
              if ((status >= 500 || /SQLITE_/.test(body)) && samples.length < 5) samples.push(`${status} ${body.slice(0, 200)}`);
              target.onAnswer?.(status, body);
            },
          },
        ],
      });
      return {
        name: target.name,
        connections: target.connections,
        requests: result.requests.total,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        statuses,
        errors: result.errors,
        timeouts: result.timeouts,
        sqliteInBody,
        samples,
      };
    }),
  );
}

/** A fixed-width table of results, for the test's log and the bench. */
export function loadTable(results: TargetResult[]): string {
  const cpu = results.some((r) => r.cpuMsPerRequest !== undefined);
  const rows = [["route", "conns", "requests", "req/s", "p50 ms", "p99 ms", ...(cpu ? ["CPU ms/req"] : []), "statuses"]];
  for (const r of results) {
    const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(" ");
    const cpuCell = cpu ? [r.cpuMsPerRequest?.toFixed(1) ?? "-"] : [];
    rows.push([r.name, String(r.connections), String(r.requests), r.rps.toFixed(1), r.p50.toFixed(1), r.p99.toFixed(1), ...cpuCell, statuses + (r.errors ? ` errors×${r.errors}` : "")]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")).join("\n");
}
