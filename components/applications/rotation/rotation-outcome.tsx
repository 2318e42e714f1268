import { Alert } from "@/components/ui/alert";
import type { RotationProgress } from "@/lib/actions/rotations/rotation-progress";

/** How a finished rotation ended: success, success with warnings (a bound connection skipped: amber), or failure. */
export function RotationOutcome({ progress }: { progress: Pick<RotationProgress, "state" | "failureReason" | "warning"> }) {
  if (progress.state === "failed") {
    return (
      <Alert tone="danger" role="status" className="mt-2">
        Rotation failed: {progress.failureReason ?? "see the output"}
      </Alert>
    );
  }
  if (progress.warning) {
    return (
      <Alert tone="warning" role="status" className="mt-2" data-testid="rotation-warning">
        <p className="font-medium">Rotation succeeded with warnings.</p>
        <p className="mt-0.5">{progress.warning}</p>
      </Alert>
    );
  }
  return (
    <Alert tone="success" role="status" className="mt-2">
      Rotation succeeded.
    </Alert>
  );
}
