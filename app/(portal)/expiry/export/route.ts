import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { exportExpiryOverview } from "@/lib/expiry/export-overview";
import { logger } from "@/lib/logger";
import { filterProblems, searchParamsObject } from "@/lib/validations/audit";
import { expiryFilterSchema } from "@/lib/validations/expiry";
import type { NextRequest } from "next/server";

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * GET /expiry/export?within=&managed=&failing= — the expiry overview's "Export CSV": the rows its
 * filters show, for the same person (admins: the tenant's; others: the applications they own). The
 * tenant comes from the session, never the query.
 */
export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return Response.redirect(new URL(`/signin?callbackUrl=${encodeURIComponent("/expiry")}`, env().appUrl), 303);
  const filter = expiryFilterSchema.safeParse(searchParamsObject(request.nextUrl.searchParams));
  if (!filter.success) return text(400, `The export was not made. ${filterProblems(filter.error).join(" ")}`);
  try {
    const file = await exportExpiryOverview(await getDb(), user, filter.data);
    logger.info({ tenantId: user.tenantId, userId: user.id, rows: file.rows }, "expiry overview exported");
    return new Response(file.body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    logger.error({ tenantId: user.tenantId, err: (error as Error).message }, "expiry export failed");
    return text(500, "The export failed; nothing was changed. Try again.");
  }
}
