"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { sendTest } from "@/lib/actions/notifications/send-test";
import { Loader2, Send } from "lucide-react";
import { useState, useTransition } from "react";

/** "Send a test": one message through the channel now; says where it went or why it did not arrive. */
export function SendTestButton({ channelId, channelName, to }: { channelId: string; channelName: string; to?: string }) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const send = () =>
    startTransition(async () => {
      setOutcome(null);
      const result = await sendTest({ id: channelId, ...(to ? { to } : {}) });
      if (!result.ok) return setOutcome({ tone: "danger", text: result.error });
      setOutcome(
        result.data.ok
          ? { tone: "success", text: `Test sent to ${result.data.to}.` }
          : { tone: "danger", text: `The test did not arrive at ${result.data.to}: ${result.data.reason}` },
      );
    });
  return (
    <div className="space-y-2">
      <Button type="button" variant="secondary" size="sm" onClick={send} disabled={pending} aria-label={`Send a test through ${channelName}`}>
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Send aria-hidden />}
        {pending ? "Sending…" : "Send a test"}
      </Button>
      <div role="status" aria-live="polite">
        {outcome ? <Alert tone={outcome.tone}>{outcome.text}</Alert> : null}
      </div>
    </div>
  );
}
