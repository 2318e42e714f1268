"use client";

import { RouteError } from "@/components/ui/route-error";

/** An unexpected failure (Entra ID failures are shown inside the page instead); Try again re-runs the page. */
export default function ApplicationsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError title="Applications" what="The applications" error={error} retry={retry} />;
}
