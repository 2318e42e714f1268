import { ApiKeyList } from "@/components/api-keys/api-key-list";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { UsageCard } from "@/components/api-keys/usage-card";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listApiKeySummaries } from "@/lib/api-keys/manage";
import { requireAdmin } from "@/lib/auth/session";
import { env } from "@/lib/env";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const admin = await requireAdmin();
  // Narrow props: prefixes, names and dates; the hashes stay on the server.
  const keys = await listApiKeySummaries(await getDb(), { tenantId: admin.tenantId });
  return (
    <>
      <PageHeader
        title="API keys"
        description={`Keys let an external scheduler trigger rotations in ${admin.tenantName} through the scheduler API (/api/v1).`}
      />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Create a key</CardTitle>
            <CardDescription>The key is shown once. Creating and revoking keys is written to the audit log.</CardDescription>
          </CardHeader>
          <CreateApiKeyForm />
        </Card>
        <Card>
          <CardHeader>
            <CardTitle id="api-keys-heading" tabIndex={-1} className="outline-none">
              Keys
            </CardTitle>
            <CardDescription>Revoke a key as soon as the scheduler holding it no longer needs it, or if it may have leaked.</CardDescription>
          </CardHeader>
          <ApiKeyList keys={keys} />
        </Card>
        <UsageCard appUrl={env().appUrl} />
      </div>
    </>
  );
}
