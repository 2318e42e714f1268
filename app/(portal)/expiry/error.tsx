"use client";

import { RouteError } from "@/components/ui/route-error";

/** An unexpected failure; Try again re-runs the page. */
export default function ExpiryError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError title="Expiry overview" what="The expiry overview" error={error} retry={retry} />;
}
