import { LocalTime } from "@/components/ui/local-time";
import { Badge } from "@/components/ui/badge";
import { describeDevice } from "./device";
import { EndSessionButton } from "./end-session-button";

export type SessionSummary = { id: string; userAgent: string | null; createdAt: string; lastSeenAt: string; expiresAt: string; current: boolean };

/** The person's open sessions: which browser, when it signed in, when it was last seen. */
export function SessionList({ sessions }: { sessions: SessionSummary[] }) {
  return (
    // relative: screen-reader-only text stays inside this scroll box; focusable, so a keyboard can scroll it on a phone.
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Your sessions">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Your sessions</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-6 py-3 font-medium">Browser</th>
            <th scope="col" className="px-6 py-3 font-medium">Signed in</th>
            <th scope="col" className="px-6 py-3 font-medium">Last seen</th>
            <th scope="col" className="px-6 py-3 font-medium">Ends</th>
            <th scope="col" className="px-6 py-3 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s) => {
            const device = describeDevice(s.userAgent);
            return (
              <tr key={s.id} data-testid="session-row" data-session-id={s.id}>
                <th scope="row" className="px-6 py-3 font-medium text-slate-900">
                  <span title={s.userAgent ?? undefined}>{device}</span>
                  {s.current ? <Badge tone="success" className="ml-2">This browser</Badge> : null}
                </th>
                <td className="whitespace-nowrap px-6 py-3 text-slate-600"><LocalTime value={s.createdAt} /></td>
                <td className="whitespace-nowrap px-6 py-3 text-slate-600"><LocalTime value={s.lastSeenAt} /></td>
                <td className="whitespace-nowrap px-6 py-3 text-slate-600"><LocalTime value={s.expiresAt} /></td>
                <td className="px-6 py-3 text-right">{s.current ? null : <EndSessionButton sessionId={s.id} device={device} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
