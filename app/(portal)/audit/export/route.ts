import { getDb } from "@/db";
import { exportAuditLog } from "@/lib/audit/export";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { auditExportSchema, auditFilterSchema, filterProblems, searchParamsObject } from "@/lib/validations/audit";
import type { NextRequest } from "next/server";

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * GET /audit/export?format=csv|json&from=&to=&action=&actor=&application=&tz= — the audit page's
 * "Export" links: the entries its filters match, as a download. Tenant admins only, their own
 * tenant only (from the session, never the query); anyone else gets what the page gives them.
 */
export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return Response.redirect(new URL(`/signin?callbackUrl=${encodeURIComponent("/audit")}`, env().appUrl), 303);
  if (user.role !== "admin") return text(404, "Page not found.");
  const params = searchParamsObject(request.nextUrl.searchParams);
  const filter = auditFilterSchema.safeParse(params);
  const format = auditExportSchema.safeParse(params);
  if (!filter.success || !format.success) {
    const problems = [...(filter.error ? filterProblems(filter.error) : []), ...(format.error ? filterProblems(format.error) : [])];
    return text(400, `The export was not made. ${problems.join(" ")}`);
  }
  try {
    const file = await exportAuditLog(await getDb(), user, filter.data, format.data.format ?? "csv");
    logger.info({ tenantId: user.tenantId, userId: user.id, entries: file.entries }, "audit log exported");
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (isAppError(error)) return text(error.status, error.message);
    logger.error({ tenantId: user.tenantId, err: (error as Error).message }, "audit export failed");
    return text(500, "The export failed; nothing was changed. Try again.");
  }
}
