import { LocalTime } from "@/components/ui/local-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { PersonSummary } from "@/lib/auth/sessions/list";
import { Users } from "lucide-react";
import { EndPersonSessionsButton } from "./end-person-sessions-button";

/** The tenant's people who signed in to Rotor, with their open sessions. */
export function PeopleList({ people, selfId }: { people: PersonSummary[]; selfId: string }) {
  if (people.length === 0) {
    return (
      <EmptyState icon={Users} title="Nobody has signed in yet">
        <p>People appear here after their first sign-in.</p>
      </EmptyState>
    );
  }
  return (
    // relative: screen-reader-only text stays inside this scroll box; focusable, so a keyboard can scroll it on a phone.
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="People">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">People</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-6 py-3 font-medium">Person</th>
            <th scope="col" className="px-6 py-3 font-medium">Role</th>
            <th scope="col" className="px-6 py-3 font-medium">Last sign-in</th>
            <th scope="col" className="px-6 py-3 font-medium">Open sessions</th>
            <th scope="col" className="px-6 py-3 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {people.map((p) => (
            <tr key={p.id} data-testid="person-row">
              <th scope="row" className="px-6 py-3 font-medium text-slate-900">
                {p.name}
                {p.email ? <span className="block text-xs font-normal text-slate-500">{p.email}</span> : null}
              </th>
              <td className="px-6 py-3">
                <span className="flex flex-wrap gap-1">
                  <Badge tone={p.role === "admin" ? "brand" : "neutral"}>{p.role === "admin" ? "Tenant admin" : "Member"}</Badge>
                  {p.isGuest ? <Badge tone="warning">Guest</Badge> : null}
                </span>
              </td>
              <td className="whitespace-nowrap px-6 py-3 text-slate-600">{p.lastSignInAt ? <LocalTime value={p.lastSignInAt} /> : "—"}</td>
              <td className="whitespace-nowrap px-6 py-3 text-slate-600">
                {p.activeSessions}
                {p.lastSeenAt ? <span className="block text-xs text-slate-500">last seen <LocalTime value={p.lastSeenAt} /></span> : null}
              </td>
              <td className="px-6 py-3 text-right">
                {p.activeSessions > 0 && p.id !== selfId ? <EndPersonSessionsButton userId={p.id} name={p.name} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
