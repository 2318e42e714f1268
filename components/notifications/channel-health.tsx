import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { ChannelHealth } from "@/lib/notify/page-data";

/** Whether a channel delivers: working, failing (several failures in a row) or not used yet, with the last error. */
export function ChannelHealthBadge({ health }: { health: ChannelHealth }) {
  switch (health.state) {
    case "working":
      return <Badge tone="success">Working</Badge>;
    case "failing":
      return <Badge tone="danger">Failing · {health.consecutiveFailures} in a row</Badge>;
    case "last_failed":
      return <Badge tone="warning">Last delivery failed</Badge>;
    case "unused":
      return <Badge>Not used yet</Badge>;
  }
}

export function ChannelHealthDetail({ health }: { health: ChannelHealth }) {
  if (health.lastError && health.lastFailureAt) {
    return (
      <p className="text-sm text-red-800">
        <LocalTime value={health.lastFailureAt} />: {health.lastError}
      </p>
    );
  }
  if (health.lastSuccessAt) {
    return (
      <p className="text-sm text-slate-500">
        Last delivered <LocalTime value={health.lastSuccessAt} />
      </p>
    );
  }
  return null;
}
