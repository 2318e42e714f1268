import { Badge } from "@/components/ui/badge";
import { AlertTriangle } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import type { ApplicationView } from "@/lib/applications/views";

/** "Overdue" on a row past its rotation date, with why it has not rotated (schedule off, last rotation failed, …). */
export function OverdueNote({ overdue }: { overdue: NonNullable<ApplicationView["overdue"]> }) {
  return (
    <span className="mt-1.5 block max-w-60" data-testid="overdue">
      <Badge tone="danger">
        <AlertTriangle className="size-3" aria-hidden /> Overdue
        <span className="sr-only"> since <LocalTime value={overdue.since} /></span>
      </Badge>
      <span className="mt-1 block text-xs text-slate-700">{overdue.reason}</span>
    </span>
  );
}
