import { AddApplicationDialog } from "@/components/applications/add-application-dialog";
import { ApplicationsList } from "@/components/applications/applications-list";
import { DueRunBanner } from "@/components/applications/due-run-banner";
import { EmptyApplications } from "@/components/applications/empty-applications";
import { SecretsAge } from "@/components/applications/secrets-age";
import { SyncButton } from "@/components/applications/sync-button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { loadApplications } from "@/lib/applications/list";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listParamsSchema } from "@/lib/validations/applications";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Applications" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ApplicationsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const isAdmin = user.role === "admin";
  const { q, sort, page } = await searchParams;
  const initial = listParamsSchema.parse({ q: typeof q === "string" ? q : "", sort, page });
  const data = await loadApplications(await getDb(), user, initial);

  return (
    <>
      <PageHeader
        title="Applications"
        description={
          isAdmin
            ? `Entra applications whose client secrets Rotor rotates in ${user.tenantName}.`
            : "The Entra applications you own whose client secrets Rotor rotates."
        }
        actions={
          isAdmin ? (
            <div className="flex items-start gap-2">
              {data.total > 0 ? <SyncButton /> : null}
              <AddApplicationDialog />
            </div>
          ) : null
        }
      />
      {data.entraError ? (
        <Alert tone="warning" role="alert" className="mb-4" data-testid="entra-error">
          <p className="font-medium">Entra ID could not be read</p>
          <p className="mt-0.5">
            {data.entraError}
          </p>
          <p className="mt-0.5">The applications Rotor could add are not known until Entra ID answers. Reload to try again.</p>
        </Alert>
      ) : null}
      {data.total > 0 ? <DueRunBanner status={data.schedule} isAdmin={isAdmin} /> : null}
      {data.total > 0 ? (
        <div className="mb-2 flex justify-end">
          <SecretsAge asOf={data.secretsAsOf} />
        </div>
      ) : null}
      <Card>
        {data.total === 0 ? (
          <EmptyApplications isAdmin={isAdmin} addableCount={data.addable.length} servicePrincipalAppId={env().clientId} />
        ) : (
          <ApplicationsList
            rows={data.rows}
            initial={{ ...initial, page: data.page }}
            total={data.total}
            matching={data.matching}
            page={data.page}
            pageSize={data.pageSize}
            isAdmin={isAdmin}
            devopsIntegrationEnabled={data.devopsIntegrationEnabled}
            notOwnedIds={data.notOwnedIds}
          />
        )}
      </Card>
    </>
  );
}
