"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { RotateCw } from "lucide-react";
import { useEffect, useRef } from "react";

/**
 * A page's unexpected failure (a route's error.tsx): what could not be loaded, that nothing was
 * changed, the server log's reference, and Try again (re-runs the page). Focused, so a screen
 * reader hears it.
 */
export function RouteError({ title, what, error, retry }: { title: string; what: string; error: unknown; retry: () => void }) {
  const heading = useRef<HTMLParagraphElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const digest = error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest ?? "") : "";
  return (
    <>
      <PageHeader title={title} />
      <Alert tone="danger" role="alert">
        <p ref={heading} tabIndex={-1} className="font-medium outline-none">
          {what} could not be loaded.
        </p>
        <p className="mt-1">Nothing was changed. Try again; if it keeps failing, the server log has the details{digest ? ` (reference ${digest})` : ""}.</p>
        <Button type="button" variant="secondary" size="sm" className="mt-3" onClick={() => retry()}>
          <RotateCw aria-hidden /> Try again
        </Button>
      </Alert>
    </>
  );
}
