"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { saveApplicationSettingsAction } from "@/lib/actions/applications/save-application-settings";
import { dialogSchema, toActionInput, type DialogInput, type DialogValues } from "@/lib/validations/application-settings";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Settings2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { DevopsSection } from "./settings/devops-section";
import { RotationPanel } from "./rotation/rotation-panel";
import { PolicyFields } from "./settings/policy-fields";
import type { ApplicationView } from "./types";

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
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="secondary" size="sm" aria-label={`Secret settings for ${application.displayName}`}>
          <Settings2 aria-hidden /> Settings
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        {open ? <SettingsForm application={application} integrationOn={devopsIntegrationEnabled} onSaved={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function SettingsForm({ application, integrationOn, onSaved }: { application: ApplicationView; integrationOn: boolean; onSaved: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<DialogInput, unknown, DialogValues>({ resolver: zodResolver(dialogSchema), defaultValues: defaults(application) });

  const onSubmit = form.handleSubmit((values) => {
    setFailure(null);
    startTransition(async () => {
      const result = await saveApplicationSettingsAction(toActionInput(application.id, values, integrationOn));
      if (result.ok) {
        onSaved();
        router.refresh();
        return;
      }
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        const target = FIELD_OF[field] ?? (field.startsWith("policy.") ? field : null);
        if (target) form.setError(target as keyof DialogInput, { message: messages[0] });
      }
      setFailure(result.error);
    });
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
          {integrationOn ? <DevopsSection applicationId={application.id} appId={application.appId} /> : null}
          <RotationPanel applicationId={application.id} />
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
