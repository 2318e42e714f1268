import { DevopsSettingsForm, type DevopsSettingsView } from "@/components/settings/devops-settings-form";
import { ScheduleSection } from "@/components/settings/schedule-section";
import { builtInSchedulerEnabled } from "@/db/queries/due-runs";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getDevopsSettings } from "@/db/queries/tenants";
import { getUserById } from "@/db/queries/users";
import { requireAdmin } from "@/lib/auth/session";
import { env } from "@/lib/env";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Azure DevOps" };

export default async function AzureDevopsSettingsPage() {
  const admin = await requireAdmin();
  const db = await getDb();
  const settings = await getDevopsSettings(db, { tenantId: admin.tenantId });
  // Narrow props: the sealed PAT never leaves the server, only its last four characters.
  const view: DevopsSettingsView = {
    integrationEnabled: settings?.integrationEnabled ?? false,
    useServicePrincipal: settings?.useServicePrincipal ?? true,
    includeHomeTenantOrgs: settings?.includeHomeTenantOrgs ?? false,
    dockerRegistryHosts: settings?.dockerRegistryHosts ?? [],
    pat:
      settings?.patSealed && settings.patLast4 && settings.patSavedAt
        ? {
            last4: settings.patLast4,
            savedAt: settings.patSavedAt.toISOString(),
            savedBy: settings.patSavedBy ? ((await getUserById(db, { userId: settings.patSavedBy }))?.name ?? null) : null,
          }
        : null,
    servicePrincipalAppId: env().clientId,
  };
  return (
    <>
      <PageHeader title="Azure DevOps" description={`How Rotor connects ${admin.tenantName} to Azure DevOps service connections.`} />
      <Card>
        <CardHeader>
          <CardTitle>Tenant settings</CardTitle>
          <CardDescription>Apply to every application in {admin.tenantName}. Every change is written to the audit log.</CardDescription>
        </CardHeader>
        <DevopsSettingsForm initial={view} />
      </Card>
      <Card id="schedule" className="mt-6">
        <CardHeader>
          <CardTitle>Schedule</CardTitle>
          <CardDescription>When Rotor rotates the applications that are due. Every change is written to the audit log.</CardDescription>
        </CardHeader>
        <ScheduleSection
          builtInEnabled={await builtInSchedulerEnabled(db, { tenantId: admin.tenantId })}
          interval={schedulerEvery(env().schedulerIntervalMs)}
          serverOff={env().schedulerIntervalMs === 0}
        />
      </Card>
    </>
  );
}

function schedulerEvery(ms: number): string {
  if (ms === 0) return "at the interval the server sets";
  const minutes = ms / 60_000;
  return minutes === 60 ? "every hour" : minutes >= 1 ? `every ${Math.round(minutes)} minutes` : `every ${Math.round(ms / 1000)} seconds`;
}
