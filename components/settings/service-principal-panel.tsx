"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { testDevopsConnection } from "@/lib/actions/settings/test-devops-connection";
import type { ServicePrincipalCheck } from "@/lib/azure/devops/test-service-principal";
import { Loader2, PlugZap } from "lucide-react";
import { useState, useTransition } from "react";

const STATUS = {
  ok: { tone: "success", text: "Ready" },
  partial: { tone: "warning", text: "Some projects" },
  no_rights: { tone: "warning", text: "No rights" },
  not_member: { tone: "danger", text: "Not a member" },
  error: { tone: "danger", text: "Error" },
} as const;

/** What Rotor's service principal needs in each organization, and a check of what it has. */
export function ServicePrincipalPanel({ appId }: { appId: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ServicePrincipalCheck | null>(null);
  const [error, setError] = useState<{ text: string; consentUrl?: string } | null>(null);

  const test = () =>
    startTransition(async () => {
      setError(null);
      setResult(null);
      const outcome = await testDevopsConnection({});
      if (outcome.ok) setResult(outcome.data);
      else setError({ text: outcome.error, consentUrl: outcome.consentUrl });
    });

  return (
    <section aria-labelledby="sp-heading" className="mx-4 mb-4 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:mx-6">
      <h3 id="sp-heading" className="text-sm font-semibold text-slate-900">
        What Rotor&apos;s service principal needs in each Azure DevOps organization
      </h3>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-600">
        <li>
          Add it as a user (Organization settings → Users → Add, search for the application id <span className="font-mono">{appId}</span>).
        </li>
        <li>Add it to the Endpoint Administrators group of every project whose service connections Rotor rotates.</li>
      </ol>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" size="sm" onClick={test} disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <PlugZap aria-hidden />}
          {pending ? "Testing…" : "Test connection"}
        </Button>
        <span className="text-xs text-slate-500">Checks the organizations you can see; changes nothing.</span>
      </div>
      <div aria-live="polite">
        {error ? (
          <Alert tone="danger" className="mt-3">
            {error.text}{" "}
            {error.consentUrl ? (
              <a className="font-medium underline" href={`${error.consentUrl.split("?")[0]}?returnTo=${encodeURIComponent("/system/azure-devops")}`}>
                Give consent
              </a>
            ) : null}
          </Alert>
        ) : null}
        {result ? (
          <div className="mt-3 space-y-2" data-testid="sp-test-result">
            <Alert tone={result.token.ok ? "success" : "danger"}>{result.token.detail}</Alert>
            {result.organizations.length ? (
              <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
                {result.organizations.map((org) => (
                  <li key={org.organization} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
                    <span className="font-medium text-slate-900">{org.organization}</span>
                    <Badge tone={STATUS[org.status].tone}>{STATUS[org.status].text}</Badge>
                    <span className="text-slate-600">{org.detail}</span>
                  </li>
                ))}
              </ul>
            ) : result.token.ok ? (
              <p className="text-sm text-slate-600">You belong to no Azure DevOps organization, so there is nothing more to check.</p>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
