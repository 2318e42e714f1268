"use client";

import { Button } from "@/components/ui/button";
import { rotateNow } from "@/lib/actions/rotations/rotate-now";
import { getRotationProgress } from "@/lib/actions/rotations/rotation-progress";
import { useQuery } from "@tanstack/react-query";
import { Loader2, RefreshCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { unwrap } from "../settings/lookup";

/** "Rotate now" on the Applications page: starts the rotation, follows it, and refreshes the row when it ends. */
export function RotateNowButton({ applicationId, displayName }: { applicationId: string; displayName: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [rotationId, setRotationId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const progress = useQuery({
    queryKey: ["rotation-state", rotationId],
    queryFn: () => unwrap(getRotationProgress({ rotationId: rotationId!, afterId: Number.MAX_SAFE_INTEGER })),
    enabled: !!rotationId,
    refetchInterval: (query) => (query.state.data?.finished ? false : 1000),
  });
  const finished = progress.data?.finished;
  useEffect(() => {
    if (!finished) return;
    setMessage(progress.data?.state === "succeeded" ? "Rotated." : `Rotation failed: ${progress.data?.failureReason ?? ""}`);
    setRotationId(null);
    router.refresh();
  }, [finished, progress.data, router]);

  const running = pending || (!!rotationId && !finished);
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        size="sm"
        disabled={running}
        aria-label={`Rotate now: ${displayName}`}
        onClick={() =>
          startTransition(async () => {
            setMessage(null);
            const result = await rotateNow({ applicationId });
            if (!result.ok) return setMessage(result.error);
            setRotationId(result.data.rotationId);
            setMessage(result.data.created ? "Rotation started…" : "A rotation is already running…");
            router.refresh();
          })
        }
      >
        {running ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCcw aria-hidden />}
        <span className="sr-only sm:not-sr-only">Rotate</span>
      </Button>
      <span role="status" className="sr-only">
        {message}
      </span>
    </>
  );
}
