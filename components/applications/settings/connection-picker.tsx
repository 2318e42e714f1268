"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { checkDevopsProject } from "@/lib/actions/applications/devops-lookups";
import type { DialogInput } from "@/lib/validations/application-settings";
import { useQuery } from "@tanstack/react-query";
import { useFormContext } from "react-hook-form";
import { FieldError } from "./devops-section";
import { retryTransient, unwrap } from "./lookup";
import { Loading, LookupFailed } from "./lookup-state";

/** The permission check, then every service connection of the project; unsupported ones disabled with the reason. */
export function ConnectionPicker({
  applicationId,
  organization,
  organizationTenantId,
  projectId,
  projectName,
}: {
  applicationId: string;
  organization: string;
  organizationTenantId: string;
  projectId: string;
  projectName: string;
}) {
  const { register, formState } = useFormContext<DialogInput>();
  const check = useQuery({
    queryKey: ["devops", "project-check", applicationId, organizationTenantId, organization, projectId],
    queryFn: () => unwrap(checkDevopsProject({ applicationId, organization, organizationTenantId, projectId })),
    retry: retryTransient,
  });

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
  if (connections.length === 0) return <p className="text-sm text-slate-600">{projectName} has no service connections.</p>;
  const error = formState.errors.endpointId?.message;
  return (
    <fieldset aria-describedby={error ? "endpoint-error" : undefined}>
      <legend className="mb-2 text-sm font-medium text-slate-800">Service connection</legend>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
        {connections.map((c) => (
          <li key={c.id}>
            <label className={`flex items-start gap-3 px-3 py-2 ${c.supported ? "cursor-pointer hover:bg-slate-50" : "cursor-not-allowed opacity-60"}`}>
              <input
                type="radio"
                value={c.id}
                disabled={!c.supported}
                aria-describedby={c.supported ? undefined : `reason-${c.id}`}
                className="mt-1 accent-brand-600"
                {...register("endpointId")}
              />
              <span className="min-w-0">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="text-sm font-medium text-slate-900">{c.name}</span>
                  <Badge>{c.type}</Badge>
                  {!c.isReady ? <Badge tone="warning">not ready</Badge> : null}
                </span>
                {c.supported ? null : (
                  <span id={`reason-${c.id}`} className="block text-xs text-slate-600">
                    {c.reason}
                  </span>
                )}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <FieldError id="endpoint-error" message={error} />
    </fieldset>
  );
}
