import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getDevopsSettings } from "@/db/queries/tenants";
import { requireAdmin } from "@/lib/auth/session";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Azure DevOps" };

export default async function AzureDevopsSettingsPage() {
  const admin = await requireAdmin();
  const settings = getDevopsSettings(await getDb(), { tenantId: admin.tenantId });
  const rows = [
    {
      name: "DevOps Integration",
      help: "Master switch: when off, applications show no Azure DevOps options and rotation leaves service connections alone.",
      value: settings?.integrationEnabled ? "On" : "Off",
    },
    {
      name: "Use ServicePrincipal for connections",
      help: "Rotor writes service connections with its own service principal; when off, with the tenant's personal access token.",
      value: settings?.useServicePrincipal ?? true ? "On" : "Off",
    },
    {
      name: "Azure DevOps Personal Access Token",
      help: "Needed when the service principal is not used. Stored encrypted and never shown again.",
      value: settings?.patLast4 ? `Set, ends …${settings.patLast4}` : "Not set",
    },
    {
      name: "Include Home Tenant Organizations",
      help: "Guests also see the Azure DevOps organizations of their home tenant when binding an application.",
      value: settings?.includeHomeTenantOrgs ? "On" : "Off",
    },
  ];
  return (
    <>
      <PageHeader title="Azure DevOps" description={`How Rotor connects ${admin.tenantName} to Azure DevOps.`} />
      <Card>
        <CardHeader>
          <CardTitle>Tenant settings</CardTitle>
          <CardDescription>Current values for this tenant.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="divide-y divide-slate-100">
            {rows.map((row) => (
              <div key={row.name} className="flex flex-wrap items-start justify-between gap-4 py-4 first:pt-0 last:pb-0">
                <div className="max-w-xl">
                  <dt className="text-sm font-medium text-slate-900">{row.name}</dt>
                  <dd className="mt-0.5 text-sm text-slate-500">{row.help}</dd>
                </div>
                <dd>
                  <Badge tone={row.value === "Off" || row.value === "Not set" ? "neutral" : "brand"}>{row.value}</Badge>
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </>
  );
}
