import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listApplicationsForUser } from "@/db/queries/applications";
import { requireUser } from "@/lib/auth/session";
import { KeyRound } from "lucide-react";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Applications" };

export default async function ApplicationsPage() {
  const user = await requireUser();
  const isAdmin = user.role === "admin";
  const apps = listApplicationsForUser(await getDb(), { tenantId: user.tenantId, ownerOid: user.oid, isAdmin });
  return (
    <>
      <PageHeader
        title="Applications"
        description={
          isAdmin
            ? `Every Entra application Rotor manages in ${user.tenantName}.`
            : "The Entra applications you own that Rotor manages."
        }
      />
      <Card>
        {apps.length === 0 ? (
          <EmptyState icon={KeyRound} title="No applications yet">
            {isAdmin ? (
              <p>
                Rotor manages the app registrations its service principal owns. Add Rotor&apos;s service principal as an owner of an
                application in Entra ID to bring it under rotation here.
              </p>
            ) : (
              <p>None of the applications you own in Entra ID is managed by Rotor yet. Ask a tenant admin to add it.</p>
            )}
          </EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Managed applications</caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-6 py-3 font-medium">Application</th>
                <th scope="col" className="px-6 py-3 font-medium">Rotation</th>
                <th scope="col" className="px-6 py-3 font-medium">Azure DevOps</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {apps.map((app) => (
                <tr key={app.id}>
                  <td className="px-6 py-4">
                    <p className="font-medium text-slate-900">{app.displayName}</p>
                    <p className="font-mono text-xs text-slate-500">{app.appId}</p>
                  </td>
                  <td className="px-6 py-4 text-slate-600">
                    {app.scheduleEnabled ? `Every ${app.secretLifetimeDays - app.rotateBeforeDays} days` : <Badge>Manual only</Badge>}
                  </td>
                  <td className="px-6 py-4">
                    {app.devopsEnabled && app.devopsEndpointName ? (
                      <Badge tone="brand">{app.devopsEndpointName}</Badge>
                    ) : (
                      <span className="text-slate-400">Not bound</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
