"use client";

import { Switch } from "@/components/ui/switch";
import { listDevopsOrganizations, listDevopsProjects } from "@/lib/actions/applications/devops-lookups";
import { splitOrganizationKey, type DialogInput } from "@/lib/validations/application-settings";
import { Controller, useFormContext } from "react-hook-form";
import { ConnectionPicker } from "./connection-picker";
import { Loading, LookupFailed, PickerLabel } from "./lookup-state";
import { useLookup } from "./use-lookup";

const selectClass =
  "h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm focus-visible:outline-2 focus-visible:outline-brand-500 disabled:bg-slate-50 aria-[invalid=true]:border-red-500";

/** Enable → organization → project → (permission check + connections): each picker waits for the one before. */
export function DevopsSection({ applicationId, appId }: { applicationId: string; appId: string }) {
  const { control, register, watch, setValue, formState } = useFormContext<DialogInput>();
  const enabled = watch("devopsEnabled");
  const organizationKey = watch("organizationKey");
  const projectId = watch("projectId");
  const { organization, organizationTenantId } = splitOrganizationKey(organizationKey);

  const organizationsLookup = useLookup(
    ["devops", "organizations", applicationId],
    (refresh) => listDevopsOrganizations({ applicationId, refresh }),
    enabled,
  );
  const projectsLookup = useLookup(
    ["devops", "projects", organizationTenantId, organization],
    (refresh) => listDevopsProjects({ applicationId, organization, organizationTenantId, refresh }),
    enabled && !!organization,
  );
  const [organizations, projects] = [organizationsLookup.query, projectsLookup.query];
  const errors = formState.errors;

  return (
    <section aria-labelledby="devops-heading" className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h3 id="devops-heading" className="text-sm font-semibold text-slate-900">
            Azure DevOps
          </h3>
          <p id="devops-help" className="text-sm text-slate-500">
            Write each new secret into one service connection, so its pipelines keep working.
          </p>
        </div>
        <Controller
          control={control}
          name="devopsEnabled"
          render={({ field }) => (
            <Switch checked={field.value} onCheckedChange={field.onChange} aria-label="Enable Azure DevOps Integration" aria-describedby="devops-help" />
          )}
        />
      </div>

      {enabled ? (
        <div className="space-y-4 rounded-lg border border-slate-200 p-4">
          <div>
            <PickerLabel htmlFor="organizationKey" label="Organization" what="organizations" lookup={organizationsLookup} />
            {organizations.isPending ? (
              <Loading what="your organizations" />
            ) : organizations.isError ? (
              <LookupFailed error={organizations.error} onRetry={() => void organizations.refetch()} />
            ) : organizations.data.every((g) => g.organizations.length === 0) ? (
              <p className="text-sm text-slate-600">You belong to no Azure DevOps organization that Rotor can see.</p>
            ) : (
              <select
                id="organizationKey"
                className={selectClass}
                aria-invalid={errors.organizationKey ? true : undefined}
                {...register("organizationKey", {
                  onChange: () => {
                    setValue("projectId", "");
                    setValue("endpointId", "");
                  },
                })}
              >
                <option value="">Choose an organization…</option>
                {organizations.data.map((group) => (
                  <optgroup key={group.tenantId} label={group.home ? "Your home tenant" : "This tenant"}>
                    {group.organizations.map((o) => (
                      <option key={o.id} value={`${group.tenantId}|${o.name}`}>
                        {o.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
            <FieldError message={errors.organizationKey?.message} />
          </div>

          {organization ? (
            <div>
              <PickerLabel htmlFor="projectId" label="Project" what="projects" lookup={projectsLookup} />
              {projects.isPending ? (
                <Loading what="projects" />
              ) : projects.isError ? (
                <LookupFailed error={projects.error} onRetry={() => void projects.refetch()} />
              ) : projects.data.length === 0 ? (
                <p className="text-sm text-slate-600">This organization has no project you can see.</p>
              ) : (
                <select
                  id="projectId"
                  className={selectClass}
                  aria-invalid={errors.projectId ? true : undefined}
                  {...register("projectId", { onChange: () => setValue("endpointId", "") })}
                >
                  <option value="">Choose a project…</option>
                  {projects.data.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              )}
              <FieldError message={errors.projectId?.message} />
            </div>
          ) : null}

          {organization && projectId ? (
            <ConnectionPicker
              applicationId={applicationId}
              organization={organization}
              organizationTenantId={organizationTenantId}
              projectId={projectId}
              projectName={projects.data?.find((p) => p.id === projectId)?.name ?? "this project"}
              appId={appId}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function FieldError({ message, id }: { message?: string; id?: string }) {
  return message ? (
    <p id={id} role="alert" className="mt-1 text-sm text-red-700">
      {message}
    </p>
  ) : null;
}
