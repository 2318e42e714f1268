import { getDb } from "@/db";
import { env } from "@/lib/env";
import { sql } from "drizzle-orm";

export const dynamic = "force-dynamic";

type Check = { ok: boolean; latencyMs: number; error?: string };

async function timed(run: () => Promise<void> | void): Promise<Check> {
  const started = performance.now();
  try {
    await run();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/**
 * GET /api/health — for load balancers and uptime checks, so it answers without sign-in. It
 * says only whether the database and Entra ID answer: no tenant data, no configuration values.
 */
export async function GET() {
  const config = env();
  const [database, entra] = await Promise.all([
    timed(async () => {
      (await getDb()).get(sql`select 1`);
    }),
    timed(async () => {
      const res = await fetch(`${config.urls.login}/common/v2.0/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(3_000),
        cache: "no-store",
      });
      if (!res.ok) throw new Error(`Entra ID answered ${res.status}`);
    }),
  ]);
  const ok = database.ok && entra.ok;
  return Response.json(
    { status: ok ? "ok" : "degraded", profile: config.profile, checks: { database, entra } },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
