import { Alert } from "@/components/ui/alert";
import { LocalTime } from "@/components/ui/local-time";
import type { ChainReport } from "@/lib/audit/verify";
import { actionLabel } from "@/lib/audit/labels";

/** Whether the tenant's audit chain holds, checked as the page loads, and where it breaks if not. */
export function ChainStatus({ report }: { report: ChainReport | null }) {
  if (!report) {
    return (
      <Alert tone="warning" role="status" data-testid="chain-status">
        <p className="font-medium">The log's integrity could not be checked just now.</p>
        <p>Reload the page, or run <code>npm run rotor -- audit verify</code> on the server.</p>
      </Alert>
    );
  }
  const b = report.broken;
  if (!b) {
    return (
      <Alert tone="success" role="status" data-testid="chain-status">
        <p className="font-medium">The log is intact: no entry was changed, removed or reordered.</p>
        <p>
          {report.entries === 0
            ? "There are no entries yet; each new one will be chained to the one before it."
            : `All ${report.entries.toLocaleString("en")} entries check out against their hash chain (newest #${report.head?.seq}).`}
        </p>
      </Alert>
    );
  }
  return (
    <Alert tone="danger" role="alert" data-testid="chain-status">
      <p className="font-medium">The log was changed outside Rotor.</p>
      <p>
        {b.entryId === null ? (
          <>At the end of the log: {b.reason}.</>
        ) : (
          <>
            The chain breaks at entry #{b.seq ?? "?"}
            {b.at ? (
              <>
                {" "}
                (<LocalTime value={b.at} style="datetime-seconds" />, {actionLabel(b.action ?? "")} by {b.actorName})
              </>
            ) : null}
            : {b.reason}.
          </>
        )}{" "}
        Entries from there on cannot be trusted. Keep a copy of the database file and an export, and find out who had write access to it.
      </p>
    </Alert>
  );
}
