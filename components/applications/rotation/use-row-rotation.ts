"use client";

import { rotateNow } from "@/lib/actions/rotations/rotate-now";
import { getRotationProgress, type RotationProgress } from "@/lib/actions/rotations/rotation-progress";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { unwrap } from "../settings/lookup";

export type RowRotation =
  | { phase: "idle" }
  | { phase: "running"; rotationId: string; joined: boolean }
  | { phase: "finished"; result: Pick<RotationProgress, "state" | "failureReason" | "warning" | "newKeyId">; at: number };

/**
 * The row's Rotate: starts the rotation, follows it (polling every second), and keeps its outcome
 * for the row to show until the person dismisses it or starts another.
 */
export function useRowRotation(applicationId: string) {
  const router = useRouter();
  const [rotation, setRotation] = useState<RowRotation>({ phase: "idle" });
  const rotationId = rotation.phase === "running" ? rotation.rotationId : null;
  const progress = useQuery({
    queryKey: ["rotation-state", rotationId],
    queryFn: () => unwrap(getRotationProgress({ rotationId: rotationId!, afterId: Number.MAX_SAFE_INTEGER })),
    enabled: !!rotationId,
    refetchInterval: (query) => (query.state.data?.finished ? false : 1000),
  });
  const finished = progress.data?.finished ? progress.data : null;
  useEffect(() => {
    if (!finished || !rotationId || finished.id !== rotationId) return;
    setRotation({ phase: "finished", result: finished, at: Date.now() });
    router.refresh();
  }, [finished, rotationId, router]);

  /** Called by the confirmation: an error keeps the confirmation open with the sentence. */
  const start = async (): Promise<{ ok: true } | { ok: false; error: string }> => {
    const result = await rotateNow({ applicationId });
    if (!result.ok) return { ok: false, error: result.error };
    setRotation({ phase: "running", rotationId: result.data.rotationId, joined: !result.data.created });
    router.refresh();
    return { ok: true };
  };
  return { rotation, start, dismiss: () => setRotation({ phase: "idle" }) };
}
