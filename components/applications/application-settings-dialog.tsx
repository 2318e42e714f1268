"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { saveApplicationSettingsAction } from "@/lib/actions/applications/save-application-settings";
import { dialogSchema, toActionInput, type DialogInput, type DialogValues } from "@/lib/validations/application-settings";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Settings2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { ConsentReturnContext, consentReturnPath, useRestoredChoices } from "./settings/consent-return";
import { DevopsSection } from "./settings/devops-section";
import { RotationPanel } from "./rotation/rotation-panel";
import { PolicyFields } from "./settings/policy-fields";
import type { ApplicationView } from "@/lib/applications/views";

const FIELD_OF: Record<string, keyof DialogInput | `policy.${string}`> = {
  "devops.organization": "organizationKey",
  "devops.organizationTenantId": "organizationKey",
  "devops.projectId": "projectId",
  "devops.endpointId": "endpointId",
};

function defaults(app: ApplicationView): DialogInput {
  const b = app.binding;
  return {
    policy: { ...app.policy },
    devopsEnabled: b.devopsEnabled,
    organizationKey: b.organization && b.organizationTenantId ? `${b.organizationTenantId}|${b.organization}` : "",
    projectId: b.projectId ?? "",
    endpointId: b.endpointId ?? "",
  };
}

/** Opens the application's secret settings dialog: rotation policy and, when the tenant allows it, the Azure DevOps binding. */
export function ApplicationSettingsButton({ application, devopsIntegrationEnabled }: { application: ApplicationView; devopsIntegrationEnabled: boolean }) {
  const [open, setOpen] = useState(false);
  const saved = useMemo(() => defaults(application), [application]);
  // Back from the Azure DevOps consent round trip: reopen with the choices made before it.
  const [restored, forgetRestored] = useRestoredChoices(application.id, saved);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- opens once, when the restored choices arrive
    if (restored) setOpen(true);
  }, [restored]);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        // Restored once: reopening later starts from the saved settings.
        if (!next) forgetRestored();
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" variant="secondary" size="sm" aria-label={`Secret settings for ${application.displayName}`}>
          <Settings2 aria-hidden /> Settings
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        {open ? (
          <SettingsForm application={application} restored={restored} integrationOn={devopsIntegrationEnabled} onSaved={() => {
              setOpen(false);
              forgetRestored();
            }}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function SettingsForm({
  application,
  restored,
  integrationOn,
  onSaved,
}: {
  application: ApplicationView;
  /** Choices brought back by the consent round trip, or null. */
  restored: DialogInput | null;
  integrationOn: boolean;
  onSaved: () => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<string | null>(null);
  const saved = useMemo(() => defaults(application), [application]);
  const form = useForm<DialogInput, unknown, DialogValues>({ resolver: zodResolver(dialogSchema), defaultValues: saved });
  useEffect(() => {
    // Restored choices start as unsaved changes over the saved settings (which stay the baseline).
    if (!restored) return;
    const dirty = { shouldDirty: true } as const;
    form.setValue("policy", restored.policy, dirty);
    form.setValue("devopsEnabled", restored.devopsEnabled, dirty);
    form.setValue("organizationKey", restored.organizationKey, dirty);
    form.setValue("projectId", restored.projectId, dirty);
    form.setValue("endpointId", restored.endpointId, dirty);
    // Only on opening: later renders must not undo what the person changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const persist = async (values: DialogValues): Promise<boolean> => {
    setFailure(null);
    const result = await saveApplicationSettingsAction(toActionInput(application.id, values, integrationOn));
    if (result.ok) return true;
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      const target = FIELD_OF[field] ?? (field.startsWith("policy.") ? field : null);
      if (target) form.setError(target as keyof DialogInput, { message: messages[0] });
    }
    setFailure(result.error);
    return false;
  };

  const onSubmit = form.handleSubmit((values) => {
    startTransition(async () => {
      if (!(await persist(values))) return;
      onSaved();
      router.refresh();
    });
  });

  /** "Save and rotate": saves the dialog's unsaved changes first, so the rotation uses them; false when they could not be saved. */
  const saveFirst = () =>
    new Promise<boolean>((resolve) => {
      void form.handleSubmit(
        async (values) => {
          const ok = await persist(values);
          if (ok) {
            form.reset(form.getValues());
            router.refresh();
          }
          resolve(ok);
        },
        () => resolve(false),
      )();
    });

  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-col">
        <DialogHeader>
          <DialogTitle>Secret settings · {application.displayName}</DialogTitle>
          <DialogDescription>
            Application (client) id <span className="font-mono">{application.appId}</span>
          </DialogDescription>
        </DialogHeader>
        <DialogBody className="space-y-6">
          <PolicyFields />
          <ConsentReturnContext.Provider value={() => consentReturnPath(application.id, form.getValues())}>
            {integrationOn ? <DevopsSection applicationId={application.id} appId={application.appId} /> : null}
            <RotationPanel applicationId={application.id} saveFirst={saveFirst} />
          </ConsentReturnContext.Provider>
          {failure ? (
            <Alert tone="danger" role="alert">
              {failure}
            </Alert>
          ) : null}
        </DialogBody>
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="ghost">
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" disabled={pending}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            {pending ? "Saving…" : "Save"}
          </Button>
        </DialogFooter>
      </form>
    </FormProvider>
  );
}
