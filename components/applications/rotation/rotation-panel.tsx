"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { rotateNow } from "@/lib/actions/rotations/rotate-now";
import { getRotationProgress, listRotationHistory, type RotationLine } from "@/lib/actions/rotations/rotation-progress";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2, RefreshCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useFormState } from "react-hook-form";
import { unwrap } from "../settings/lookup";
import { RotationHistory } from "./rotation-history";
import { RotationOutcome } from "./rotation-outcome";

/**
 * Rotate now, and the rotation's output arriving line by line (polled every second while it runs),
 * then the application's history.
 */
export function RotationPanel({ applicationId, saveFirst }: { applicationId: string; saveFirst?: () => Promise<boolean> }) {
  // Unsaved changes in the dialog (a binding picked but not saved): saved first, so the rotation
  // writes the connection the person sees, instead of skipping it and reporting success.
  const unsaved = useFormState().isDirty && !!saveFirst;
  const router = useRouter();
  const client = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [rotationId, setRotationId] = useState<string | null>(null);
  const [lines, setLines] = useState<RotationLine[]>([]);
  const lastId = useRef(0);
  const output = useRef<HTMLDivElement>(null);

  const progress = useQuery({
    queryKey: ["rotation", rotationId],
    queryFn: () => unwrap(getRotationProgress({ rotationId: rotationId!, afterId: lastId.current })),
    enabled: !!rotationId,
    refetchInterval: (query) => (query.state.data?.finished ? false : 1000),
  });

  useEffect(() => {
    const fresh = progress.data?.lines.filter((l) => l.id > lastId.current) ?? [];
    if (fresh.length) {
      lastId.current = fresh.at(-1)!.id;
      setLines((prev) => [...prev, ...fresh]);
    }
    if (progress.data?.finished) {
      void client.invalidateQueries({ queryKey: ["rotation-history", applicationId] });
      router.refresh();
    }
  }, [progress.data, applicationId, client, router]);

  const start = () =>
    startTransition(async () => {
      setError(null);
      if (unsaved && !(await saveFirst!())) {
        return setError("Not rotated: your changes could not be saved. Correct them (see the messages in the dialog) and try again.");
      }
      const result = await rotateNow({ applicationId });
      if (!result.ok) return setError(result.error);
      lastId.current = 0;
      setLines([]);
      setRotationId(result.data.rotationId);
      // Rotate now is disabled while it runs, so focus moves to the output it started.
      requestAnimationFrame(() => output.current?.focus());
    });

  const running = !!rotationId && !progress.data?.finished;
  const history = useQuery({ queryKey: ["rotation-history", applicationId], queryFn: () => unwrap(listRotationHistory({ applicationId })) });

  return (
    <section aria-labelledby="rotation-heading" className="space-y-3">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h3 id="rotation-heading" className="text-sm font-semibold text-slate-900">
            Rotation
          </h3>
          <p className="text-sm text-slate-500">Create a new secret now, put it in place, and retire the old one per the policy.</p>
          {unsaved ? (
            <p id="rotate-unsaved" className="mt-1 text-sm text-amber-800">
              You have unsaved changes: they are saved first, so the rotation uses them.
            </p>
          ) : null}
        </div>
        <Button
          type="button"
          variant="secondary"
          className="shrink-0 whitespace-nowrap"
          onClick={start}
          disabled={pending || running}
          aria-describedby={unsaved ? "rotate-unsaved" : undefined}
        >
          {pending || running ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCcw aria-hidden />}
          {running ? "Rotating…" : unsaved ? "Save and rotate" : "Rotate now"}
        </Button>
      </div>
      {error ? <Alert tone="danger" role="alert">{error}</Alert> : null}
      {rotationId ? (
        <div>
          {/* The log scrolls, so it takes focus (keyboard scrolling); the lines stay a list inside it. */}
          <div
            ref={output}
            role="log"
            aria-live="polite"
            aria-label="Rotation output"
            tabIndex={0}
            className="max-h-56 overflow-y-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-100"
            data-testid="rotation-output"
          >
          <ol>
            {lines.map((l) => (
              <li key={l.id} className={l.level === "error" ? "text-red-300" : l.level === "warn" ? "text-amber-200" : undefined}>
                <LocalTime value={l.at} style="time" className="text-slate-400" /> {l.message}
              </li>
            ))}
            {running ? <li className="text-slate-400">…</li> : null}
          </ol>
          </div>
          {progress.data?.finished ? <RotationOutcome progress={progress.data} /> : null}
        </div>
      ) : null}
      <RotationHistory query={history} />
    </section>
  );
}
