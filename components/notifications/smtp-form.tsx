"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { saveSmtpChannel } from "@/lib/actions/notifications/save-smtp-channel";
import type { SmtpView } from "@/lib/notify/page-data";
import { smtpChannelSchema, type SmtpChannelInput } from "@/lib/validations/notifications";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Save } from "lucide-react";
import { useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field, selectClass } from "./field";

type Values = import("zod").output<typeof smtpChannelSchema>;

/** The tenant's SMTP server. The password is write-only: empty keeps the stored one. */
export function SmtpForm({ smtp }: { smtp: SmtpView | null }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const form = useForm<SmtpChannelInput, unknown, Values>({
    resolver: zodResolver(smtpChannelSchema),
    defaultValues: {
      host: smtp?.host ?? "",
      port: smtp?.port ?? 587,
      tlsMode: smtp?.tlsMode ?? "starttls",
      user: smtp?.user ?? "",
      password: "",
      removePassword: false,
      from: smtp?.from ?? "",
      enabled: smtp?.enabled ?? true,
      allowPrivateTargets: smtp?.allowPrivateTargets ?? false,
    },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      setMessage(null);
      const result = await saveSmtpChannel(values);
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) form.setError(field as keyof Values, { message: messages[0] });
        return setMessage({ tone: "danger", text: result.error });
      }
      form.setValue("password", "");
      setMessage({ tone: "success", text: result.data.changed.length ? `Saved: ${result.data.changed.join(", ")}.` : "Nothing changed." });
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 px-4 py-5 sm:px-6" aria-label="SMTP server">
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem_12rem]">
        <Field id="smtp-host" label="SMTP host" help="e.g. smtp.office365.com" autoComplete="off" error={errors.host?.message} {...form.register("host")} />
        <Field id="smtp-port" label="Port" inputMode="numeric" error={errors.port?.message} {...form.register("port")} />
        <Field id="smtp-tls" label="Encryption" error={errors.tlsMode?.message}>
          <select id="smtp-tls" className={selectClass} {...form.register("tlsMode")}>
            <option value="starttls">STARTTLS (port 587)</option>
            <option value="tls">TLS (port 465)</option>
            <option value="none">None (trusted relay only)</option>
          </select>
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="smtp-user" label="User name" help="Leave empty for a relay without login." autoComplete="off" error={errors.user?.message} {...form.register("user")} />
        <Field
          id="smtp-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          help={smtp?.hasPassword ? "A password is stored (sealed). Leave empty to keep it." : "Stored sealed; never shown again."}
          placeholder={smtp?.hasPassword ? "••••••••  (stored)" : ""}
          error={errors.password?.message}
          {...form.register("password")}
        />
      </div>
      <Field id="smtp-from" label="Sender address" help="The From of every alert, e.g. rotor@contoso.com." autoComplete="off" error={errors.from?.message} {...form.register("from")} />
      <div className="flex flex-wrap gap-x-8 gap-y-3">
        <Controller
          control={form.control}
          name="enabled"
          render={({ field }) => (
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <Switch checked={field.value} onCheckedChange={field.onChange} aria-label="Send alerts by e-mail" /> Send alerts by e-mail
            </label>
          )}
        />
        <Controller
          control={form.control}
          name="allowPrivateTargets"
          render={({ field }) => (
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <Switch checked={field.value} onCheckedChange={field.onChange} aria-label="Allow private targets" /> Allow a private or loopback address (an internal relay)
            </label>
          )}
        />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Save aria-hidden />}
          {pending ? "Saving…" : "Save SMTP server"}
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      </div>
    </form>
  );
}
