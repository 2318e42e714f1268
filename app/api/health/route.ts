import { getDb } from "@/db";
import { env } from "@/lib/env";
import { pingDatabase } from "@/db/queries/health";

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

/** How long one look at Entra ID serves every health check (a busy or probed Rotor asks once). */
const ENTRA_CHECK_TTL_MS = 10_000;
const cache = globalThis as unknown as { rotorEntraCheck?: { at: number; check: Promise<Check> } };

/** Entra ID's discovery document answers: one request in flight at most, its result kept briefly. */
function entraCheck(loginUrl: string): Promise<Check> {
  const now = Date.now();
  if (!cache.rotorEntraCheck || now - cache.rotorEntraCheck.at > ENTRA_CHECK_TTL_MS) {
    const check = timed(async () => {
      const res = await fetch(`${loginUrl}/common/v2.0/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(3_000),
        cache: "no-store",
      });
      if (!res.ok) throw new Error(`Entra ID answered ${res.status}`);
    });
    cache.rotorEntraCheck = { at: now, check };
    // Kept from when it finished, so a slow answer is not reused for less than the full time.
    void check.then(() => cache.rotorEntraCheck?.check === check && (cache.rotorEntraCheck.at = Date.now()));
  }
  return cache.rotorEntraCheck.check;
}

/**
 * GET /api/health — for load balancers and uptime checks, so it answers without sign-in. It
 * says only whether the database and Entra ID answer: no tenant data, no configuration values.
 * Anonymous callers cannot make Rotor call Entra ID more than once per ten seconds.
 */
export async function GET() {
  const config = env();
  const [database, entra] = await Promise.all([
    timed(async () => pingDatabase(await getDb())),
    entraCheck(config.urls.login),
  ]);
  const ok = database.ok && entra.ok;
  return Response.json(
    { status: ok ? "ok" : "degraded", profile: config.profile, checks: { database, entra } },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
