"use client";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { AlertTriangle, CheckCircle2, Loader2, X, XCircle } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import type { ReactNode } from "react";
import type { SecretView } from "@/lib/applications/views";
import type { RowRotation } from "./use-row-rotation";

/**
 * What the row's Rotate did, visible in the row (not only to a screen reader): running, then
 * "Rotated just now — new secret abc… expires …", amber when a bound connection was skipped, red
 * with the reason when it failed. Stays until dismissed, so the result is not missed.
 */
export function RowRotationStatus({ rotation, secrets, onDismiss }: { rotation: RowRotation; secrets: SecretView[] | null; onDismiss: () => void }) {
  if (rotation.phase === "idle") return <span role="status" className="sr-only" />;
  let tone: "brand" | "success" | "warning" | "danger" = "brand";
  let text: ReactNode;
  if (rotation.phase === "running") {
    text = rotation.joined ? "A rotation was already running; following it…" : "Rotating…";
  } else {
    const { state, failureReason, warning, newKeyId } = rotation.result;
    const secret = secrets?.find((s) => s.keyId === newKeyId);
    const which = secret ? (
      <>
        {` — new secret ${secret.hint ? `${secret.hint}… ` : ""}expires `}
        <LocalTime value={secret.endDateTime} />
      </>
    ) : null;
    if (state === "failed") {
      tone = "danger";
      text = `Rotation failed: ${failureReason ?? "see the rotation output in Settings"}. The old secret is still in place.`;
    } else if (warning) {
      tone = "warning";
      text = (
        <>
          Rotated just now with warnings{which}. {warning}
        </>
      );
    } else {
      tone = "success";
      text = <>Rotated just now{which}.</>;
    }
  }
  const Icon = rotation.phase === "running" ? Loader2 : tone === "success" ? CheckCircle2 : tone === "warning" ? AlertTriangle : XCircle;
  return (
    <div
      role="status"
      data-testid="row-rotation-status"
      data-tone={tone}
      className={cn(
        "mt-2 flex max-w-64 items-start gap-1.5 rounded-md border px-2 py-1.5 text-xs",
        tone === "brand" && "border-brand-100 bg-brand-50 text-slate-800",
        tone === "success" && "border-emerald-200 bg-emerald-50 text-emerald-900",
        tone === "warning" && "border-amber-200 bg-amber-50 text-amber-900",
        tone === "danger" && "border-red-200 bg-red-50 text-red-900",
      )}
    >
      <Icon className={cn("mt-0.5 size-3.5 shrink-0", rotation.phase === "running" && "animate-spin")} aria-hidden />
      <span className="min-w-0 flex-1 break-words">{text}</span>
      {rotation.phase !== "running" ? (
        <Button type="button" variant="ghost" size="sm" className="-my-1 -mr-1 h-6 w-6 shrink-0 px-0" aria-label="Dismiss the rotation result" onClick={onDismiss}>
          <X className="size-3.5" aria-hidden />
        </Button>
      ) : null}
    </div>
  );
}
