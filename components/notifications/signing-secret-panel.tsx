"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useEffect, useRef } from "react";

/** A new webhook's signing secret, once: it lives only in this component's state. */
export function SigningSecretPanel({ name, secret, onDone }: { name: string; secret: string | null; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  if (!secret) {
    return (
      <Alert tone="success" role="status">
        Webhook “{name}” added. Teams and Slack deliveries are not signed; their URL is their secret.
      </Alert>
    );
  }
  return (
    <Alert tone="warning" role="status" data-testid="signing-secret-panel">
      <p className="font-medium">Copy the signing secret of “{name}” now — it is shown only once</p>
      <p className="mt-0.5">
        Your receiver checks <span className="font-mono">X-Rotor-Signature</span> = v1=HMAC-SHA256(secret, timestamp + “.” + body) and refuses an{" "}
        <span className="font-mono">X-Rotor-Timestamp</span> older than five minutes.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Input ref={input} readOnly value={secret} aria-label="Signing secret" spellCheck={false} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 bg-white font-mono text-xs" />
        <Button type="button" variant="ghost" size="sm" onClick={onDone}>
          Done
        </Button>
      </div>
    </Alert>
  );
}
