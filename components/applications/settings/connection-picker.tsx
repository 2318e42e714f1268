"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { checkDevopsProject } from "@/lib/actions/applications/devops-lookups";
import type { DialogInput } from "@/lib/validations/application-settings";
import { RefreshCw } from "lucide-react";
import { useFormContext } from "react-hook-form";
import { NoUsableConnection, NOT_READY, typeLabel } from "./connection-help";
import { FieldError } from "./devops-section";
import { Loading, LookupFailed, RefreshLookup } from "./lookup-state";
import { useLookup } from "./use-lookup";

/**
 * The permission check, then every service connection of the project: unsupported ones disabled
 * with the reason, the ones signing in as this application marked, "not ready" explained, and a
 * next step when none can be used.
 */
export function ConnectionPicker({
  applicationId,
  organization,
  organizationTenantId,
  projectId,
  projectName,
  appId,
}: {
  applicationId: string;
  /** The application's client id, for the next step when no connection can be used. */
  appId: string;
  organization: string;
  organizationTenantId: string;
  projectId: string;
  projectName: string;
}) {
  const { register, formState } = useFormContext<DialogInput>();
  const { query: check, refresh: refreshCheck } = useLookup(["devops", "project-check", applicationId, organizationTenantId, organization, projectId], (refresh) =>
    checkDevopsProject({ applicationId, organization, organizationTenantId, projectId, refresh }),
  );

  if (check.isPending) return <Loading what="your permissions and the service connections" />;
  if (check.isError) return <LookupFailed error={check.error} onRetry={() => void check.refetch()} />;
  if (!check.data.canAdminister) {
    return (
      <Alert tone="warning" role="alert" data-testid="project-blocked">
        <p className="font-medium">You cannot manage service connections in {projectName}.</p>
        <p>Ask for one of these roles there: {check.data.roles.join(", ")}. Until then this project cannot be used.</p>
      </Alert>
    );
  }
  const connections = check.data.connections;
  const refresh = (
    <Button type="button" variant="secondary" size="sm" onClick={refreshCheck} disabled={check.isFetching}>
      <RefreshCw aria-hidden className={check.isFetching ? "animate-spin" : undefined} /> Refresh
    </Button>
  );
  if (connections.length === 0) {
    return (
      <div className="space-y-2">
        <NoUsableConnection projectName={projectName} appId={appId} none />
        {refresh}
      </div>
    );
  }
  const error = formState.errors.endpointId?.message;
  const usable = connections.some((c) => c.supported);
  return (
    <fieldset aria-describedby={error ? "endpoint-error" : undefined} className="min-w-0">
      <legend className="mb-2 text-sm font-medium text-slate-800">Service connection</legend>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
        {connections.map((c) => {
          const notes = [c.supported ? null : `reason-${c.id}`, c.isReady ? null : `not-ready-${c.id}`].filter(Boolean).join(" ");
          return (
            <li key={c.id} className={`flex items-start gap-3 px-3 py-2 ${c.supported ? "hover:bg-slate-50" : "bg-slate-50"}`}>
              <input
                id={`connection-${c.id}`}
                type="radio"
                value={c.id}
                disabled={!c.supported}
                aria-describedby={notes || undefined}
                className="mt-1 accent-brand-600"
                {...register("endpointId")}
              />
              {/* The label is the name and its marks; why it cannot be used is the description, not part of the name. */}
              <span className="min-w-0">
                <label htmlFor={`connection-${c.id}`} className={`flex flex-wrap items-center gap-2 ${c.supported ? "cursor-pointer" : "cursor-not-allowed"}`}>
                  <span className={`break-all text-sm font-medium ${c.supported ? "text-slate-900" : "text-slate-700"}`}>{c.name}</span>
                  <Badge>{typeLabel(c.type)}</Badge>
                  {c.authenticatesAsThisApplication ? <Badge tone="brand">Signs in as this application</Badge> : null}
                  {!c.isReady ? <Badge tone="warning">Not ready</Badge> : null}
                </label>
                {c.supported ? null : (
                  <span id={`reason-${c.id}`} className="block text-xs text-slate-700">
                    {c.reason}
                  </span>
                )}
                {c.isReady ? null : (
                  <span id={`not-ready-${c.id}`} className="block text-xs text-amber-900">
                    {NOT_READY}
                  </span>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {usable ? (
        <div className="mt-1 flex justify-end">
          <RefreshLookup what="your permissions and the service connections" busy={check.isFetching} onRefresh={refreshCheck} />
        </div>
      ) : null}
      <FieldError id="endpoint-error" message={error} />
      {usable ? null : (
        <div className="mt-3 space-y-2">
          <NoUsableConnection projectName={projectName} appId={appId} none={false} />
          {refresh}
        </div>
      )}
    </fieldset>
  );
}
