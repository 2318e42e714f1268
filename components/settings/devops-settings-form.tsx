"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { saveDevopsSettings } from "@/lib/actions/settings/save-devops-settings";
import { devopsSettingsSchema, type DevopsSettingsInput, type DevopsSettingsValues } from "@/lib/validations/devops-settings";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { PatField, type StoredPat } from "./pat-field";
import { RegistryHostsField } from "./registry-hosts-field";
import { ServicePrincipalPanel } from "./service-principal-panel";
import { SettingRow } from "./setting-row";

export type DevopsSettingsView = {
  integrationEnabled: boolean;
  useServicePrincipal: boolean;
  includeHomeTenantOrgs: boolean;
  dockerRegistryHosts: string[];
  pat: StoredPat | null;
  servicePrincipalAppId: string;
};

const SWITCHES = [
  { name: "integrationEnabled", label: "DevOps Integration", help: "Master switch. Off: applications show no Azure DevOps options and rotation leaves service connections alone (bindings are kept)." },
  { name: "useServicePrincipal", label: "Use ServicePrincipal for connections", help: "Rotor writes service connections as its own service principal. Off: it writes them with the personal access token below." },
  { name: "includeHomeTenantOrgs", label: "Include Home Tenant Organizations", help: "Guests also see the Azure DevOps organizations of their home tenant when they bind an application." },
] as const;

function defaultsFrom(initial: DevopsSettingsView): DevopsSettingsInput {
  return {
    integrationEnabled: initial.integrationEnabled,
    useServicePrincipal: initial.useServicePrincipal,
    includeHomeTenantOrgs: initial.includeHomeTenantOrgs,
    dockerRegistryHosts: initial.dockerRegistryHosts.join("\n"),
    pat: "",
    removePat: false,
    hasStoredPat: initial.pat !== null,
  };
}

export function DevopsSettingsForm({ initial }: { initial: DevopsSettingsView }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const form = useForm<DevopsSettingsInput, unknown, DevopsSettingsValues>({
    resolver: zodResolver(devopsSettingsSchema),
    defaultValues: defaultsFrom(initial),
  });
  const { control, register, handleSubmit, setValue, setError, watch, formState, reset } = form;
  // After a save the server sends fresh settings: start again from them (the outcome stays).
  useEffect(() => reset(defaultsFrom(initial)), [initial, reset]);
  const useServicePrincipal = watch("useServicePrincipal");

  const onSubmit = handleSubmit((values) => {
    setOutcome(null);
    startTransition(async () => {
      const result = await saveDevopsSettings({ ...values, hasStoredPat: undefined });
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (field === "pat" || field in values) setError(field as keyof DevopsSettingsInput, { message: messages[0] });
        }
        setOutcome({ tone: "danger", text: result.error });
        return;
      }
      const { changed, patCheckedIn } = result.data;
      setOutcome({
        tone: "success",
        text: changed.length
          ? `Saved: ${changed.join(", ")}.${patCheckedIn ? ` The PAT can manage service connections in ${patCheckedIn}.` : ""}`
          : "Nothing changed.",
      });
      router.refresh();
    });
  });

  const switchRow = (s: (typeof SWITCHES)[number]) => (
    <SettingRow key={s.name} id={s.name} label={s.label} help={s.help}>
      <Controller
        control={control}
        name={s.name}
        render={({ field }) => (
          <Switch id={s.name} checked={field.value} onCheckedChange={field.onChange} onBlur={field.onBlur} aria-describedby={`${s.name}-help`} />
        )}
      />
    </SettingRow>
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={outcome ? "settings-outcome" : undefined}>
      <div className="divide-y divide-slate-100 px-6">
        {SWITCHES.slice(0, 2).map(switchRow)}
        <div className="py-4">
          <label htmlFor="pat" className="text-sm font-medium text-slate-900">
            Azure DevOps Personal Access Token
          </label>
          <p id="pat-help" className="mb-3 mt-0.5 text-sm text-slate-500">
            {useServicePrincipal ? "Not used while the service principal writes connections; kept if set. " : "Required: Rotor writes service connections with it. "}
            Create it for All accessible organizations with Project and Team (Read) and Service Connections (Read, query &amp; manage).
            It is checked with Azure DevOps, stored encrypted and never shown again.
          </p>
          <PatField
            key={initial.pat?.savedAt ?? "none"}
            stored={initial.pat}
            input={register("pat")}
            removing={watch("removePat") ?? false}
            onRemove={() => setValue("removePat", true, { shouldDirty: true })}
            onUndoRemove={() => setValue("removePat", false, { shouldDirty: true })}
            onCancelReplace={() => setValue("pat", "", { shouldDirty: true })}
            error={formState.errors.pat?.message}
          />
        </div>
        {SWITCHES.slice(2).map(switchRow)}
        <RegistryHostsField input={register("dockerRegistryHosts")} error={formState.errors.dockerRegistryHosts?.message} />
      </div>
      {useServicePrincipal ? <ServicePrincipalPanel appId={initial.servicePrincipalAppId} /> : null}
      <div className="flex flex-wrap items-center gap-4 border-t border-slate-100 px-6 py-4">
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
          {pending ? "Saving…" : "Save settings"}
        </Button>
        {outcome ? (
          <Alert id="settings-outcome" tone={outcome.tone} role={outcome.tone === "danger" ? "alert" : "status"} className="flex-1">
            {outcome.text}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}
