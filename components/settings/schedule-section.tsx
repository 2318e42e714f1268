"use client";

import { Alert } from "@/components/ui/alert";
import { Switch } from "@/components/ui/switch";
import { saveScheduleSettings } from "@/lib/actions/settings/save-schedule-settings";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { SettingRow } from "./setting-row";

/**
 * System → Azure DevOps → Schedule: the tenant's built-in scheduler, saved (and audited) as soon
 * as it is switched. Off, due rotations wait for an external scheduler's call.
 */
export function ScheduleSection({ builtInEnabled, interval, serverOff }: { builtInEnabled: boolean; interval: string; serverOff: boolean }) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(builtInEnabled);
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const change = (next: boolean) => {
    if (pending) return;
    startTransition(async () => {
      setMessage(null);
      const result = await saveScheduleSettings({ builtInEnabled: next });
      if (!result.ok) return setMessage({ tone: "danger", text: result.error });
      setEnabled(next);
      setMessage({
        tone: "success",
        text: next ? "Saved: Rotor runs due rotations itself." : "Saved: due rotations now wait for your external scheduler.",
      });
      router.refresh();
    });
  };

  return (
    <div className="px-6 pb-4">
      <SettingRow
        id="built-in-scheduler"
        label="Built-in scheduler"
        help={`On: Rotor starts the due run itself ${interval}. Off: only an external scheduler (cron, a pipeline) calling POST /api/v1/rotations/due with an API key rotates due applications.`}
      >
        {/* Not disabled while saving: a disabled switch would drop the keyboard focus to the page. */}
        <Switch id="built-in-scheduler" checked={enabled} aria-busy={pending} onCheckedChange={change} aria-describedby="built-in-scheduler-help" />
      </SettingRow>
      {serverOff ? (
        <Alert tone="warning" className="mb-2">
          This server runs no built-in scheduler (ROTOR_SCHEDULER_INTERVAL_SECONDS is 0), whatever this setting says.
        </Alert>
      ) : null}
      <p role="status" aria-live="polite" className={message?.tone === "danger" ? "text-sm text-red-700" : "text-sm text-emerald-700"}>
        {message?.text}
      </p>
    </div>
  );
}
