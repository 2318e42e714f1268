"use client";

import { RouteError } from "@/components/ui/route-error";

/** An unexpected failure reading the log (bad filters are answered inside the page); Try again re-runs the page. */
export default function AuditError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError title="Audit log" what="The audit log" error={error} retry={retry} />;
}
