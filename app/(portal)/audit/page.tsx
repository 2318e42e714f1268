import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listAudit } from "@/db/queries/audit";
import { requireAdmin } from "@/lib/auth/session";
import { ScrollText } from "lucide-react";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Audit log" };

const ACTIONS: Record<string, string> = {
  "user.signed_in": "Signed in",
  "user.signed_out": "Signed out",
  "settings.devops_updated": "Changed Azure DevOps settings",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "application.added": "Added an application",
  "application.removed": "Removed an application from Rotor",
  "applications.synced": "Synced applications with Entra ID",
  "application.settings_updated": "Changed an application's secret settings",
  "rotation.started": "Started a rotation",
  "rotation.succeeded": "Rotation succeeded",
  "rotation.failed": "Rotation failed",
};

/** The entry's detail in words: a list of changes, or nothing. */
function describe(detail: Record<string, unknown> | null): string {
  const changes = detail?.changes;
  const parts = [typeof detail?.application === "string" ? detail.application : null, Array.isArray(changes) ? changes.join(", ") : null];
  if (typeof detail?.reason === "string") parts.push(detail.reason);
  return parts.filter(Boolean).join(": ");
}

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export default async function AuditPage() {
  const admin = await requireAdmin();
  const entries = listAudit(await getDb(), { tenantId: admin.tenantId, limit: 200 });
  return (
    <>
      <PageHeader title="Audit log" description={`Who did what in ${admin.tenantName}, newest first (times in UTC).`} />
      <Card>
        {entries.length === 0 ? (
          <EmptyState icon={ScrollText} title="Nothing recorded yet">
            <p>Sign-ins, settings changes, rotations and API key changes appear here as they happen.</p>
          </EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit entries</caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-6 py-3 font-medium">When</th>
                <th scope="col" className="px-6 py-3 font-medium">Who</th>
                <th scope="col" className="px-6 py-3 font-medium">What</th>
                <th scope="col" className="px-6 py-3 font-medium">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="whitespace-nowrap px-6 py-3 text-slate-600">
                    <time dateTime={entry.at.toISOString()}>{when.format(entry.at)}</time>
                  </td>
                  <td className="px-6 py-3 font-medium text-slate-900">{entry.actorName}</td>
                  <td className="px-6 py-3 text-slate-700">{ACTIONS[entry.action] ?? entry.action}</td>
                  <td className="px-6 py-3 text-slate-600">{describe(entry.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
