"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { addWebhook } from "@/lib/actions/notifications/add-webhook";
import { alertEvents, EVENT_LABELS } from "@/lib/notify/message";
import { webhookChannelSchema, type WebhookChannelInput } from "@/lib/validations/notifications";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Plus } from "lucide-react";
import { useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field, selectClass } from "./field";
import { SigningSecretPanel } from "./signing-secret-panel";

type Values = import("zod").output<typeof webhookChannelSchema>;

/** Adds a webhook; a generic one's signing secret is shown once by SigningSecretPanel. */
export function AddWebhookForm() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string | null } | null>(null);
  const form = useForm<WebhookChannelInput, unknown, Values>({
    resolver: zodResolver(webhookChannelSchema),
    defaultValues: { name: "", url: "", format: "generic", events: ["rotation.failed", "old_secret.not_removed"], allowPrivateTargets: false },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      setCreated(null);
      const result = await addWebhook(values);
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) form.setError(field as keyof Values, { message: messages[0] });
        return setError(result.error);
      }
      setCreated({ name: result.data.name, secret: result.data.signingSecret });
      form.reset();
    }),
  );

  return (
    <div className="space-y-4 px-4 py-5 sm:px-6">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add a webhook">
        <div className="grid gap-4 sm:grid-cols-[1fr_2fr_12rem]">
          <Field id="webhook-name" label="Name" help="Where it posts, e.g. “#platform-alerts”." autoComplete="off" maxLength={80} error={errors.name?.message} {...form.register("name")} />
          <Field id="webhook-url" label="URL" help="https:// only; never an internal address unless allowed below." autoComplete="off" error={errors.url?.message} {...form.register("url")} />
          <Field id="webhook-format" label="Payload" help="Shape of the body." error={errors.format?.message}>
            <select id="webhook-format" className={selectClass} {...form.register("format")}>
              <option value="generic">Generic JSON (signed)</option>
              <option value="teams">Microsoft Teams</option>
              <option value="slack">Slack</option>
            </select>
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-900">Events</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {alertEvents.map((event) => (
              <label key={event} className="flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" value={event} className="size-4 accent-brand-600" {...form.register("events")} />
                {EVENT_LABELS[event]}
              </label>
            ))}
          </div>
          {errors.events ? <p className="mt-1 text-sm text-red-700">{errors.events.message}</p> : null}
        </fieldset>
        <Controller
          control={form.control}
          name="allowPrivateTargets"
          render={({ field }) => (
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <Switch checked={field.value} onCheckedChange={field.onChange} aria-label="Allow private targets" /> Allow a private or loopback address (a receiver inside your network)
            </label>
          )}
        />
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Plus aria-hidden />}
          {pending ? "Adding…" : "Add webhook"}
        </Button>
      </form>
      {error ? (
        <Alert tone="danger" role="alert">
          {error}
        </Alert>
      ) : null}
      {created ? <SigningSecretPanel name={created.name} secret={created.secret} onDone={() => setCreated(null)} /> : null}
    </div>
  );
}
