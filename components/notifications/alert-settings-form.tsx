"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { saveAlertSettings } from "@/lib/actions/notifications/save-alert-settings";
import { Loader2, Save } from "lucide-react";
import { useState, useTransition } from "react";
import { Field } from "./field";

const list = (text: string) => text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);

/** Admin addresses, reminder days (default 14 and 3) and the opt-in due-run summary. */
export function AlertSettingsForm({ settings }: { settings: { adminAddresses: string[]; reminderDays: number[]; dueRunSummary: boolean } }) {
  const [pending, startTransition] = useTransition();
  const [addresses, setAddresses] = useState(settings.adminAddresses.join(", "));
  const [days, setDays] = useState(settings.reminderDays.join(", "));
  const [summary, setSummary] = useState(settings.dueRunSummary);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      setMessage(null);
      const result = await saveAlertSettings({ adminAddresses: list(addresses), reminderDays: list(days).map(Number), dueRunSummary: summary });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return setMessage({ tone: "danger", text: result.error });
      }
      setErrors({});
      setMessage({ tone: "success", text: result.data.changed.length ? `Saved: ${result.data.changed.join("; ")}.` : "Nothing changed." });
    });
  };
  const firstError = (prefix: string) => Object.entries(errors).find(([k]) => k.startsWith(prefix))?.[1][0];
  return (
    <form onSubmit={save} noValidate className="space-y-4 px-4 py-5 sm:px-6" aria-label="Alert settings">
      <Field
        id="admin-addresses"
        label="Admin addresses"
        help="Every alert goes to these addresses too, besides the application's owners (comma-separated)."
        value={addresses}
        onChange={(e) => setAddresses(e.target.value)}
        error={firstError("adminAddresses")}
        autoComplete="off"
      />
      <Field
        id="reminder-days"
        label="Expiry reminders, days ahead"
        help="An owned secret that will not be rotated in time is reminded this many days before it expires, at most once a day."
        value={days}
        onChange={(e) => setDays(e.target.value)}
        error={firstError("reminderDays")}
        inputMode="numeric"
        className="max-w-48"
      />
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <Switch checked={summary} onCheckedChange={setSummary} aria-label="Send a summary of each due run" /> Send a summary of each due run to the admin addresses
      </label>
      <Button type="submit" disabled={pending}>
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Save aria-hidden />}
        {pending ? "Saving…" : "Save alert settings"}
      </Button>
      <div role="status" aria-live="polite">
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      </div>
    </form>
  );
}
