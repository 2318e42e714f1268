"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState } from "react";

/**
 * The new key, once: it lives only in this component's state. Navigating away or pressing Done
 * drops it; Rotor has only its hash, so it can never be shown again.
 */
export function NewKeyPanel({ name, keyValue, onDone }: { name: string; keyValue: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  // Create key was disabled while it ran, so focus fell away: it goes to the key, selected, ready to copy.
  useEffect(() => input.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(keyValue);
      setCopied("yes");
    } catch {
      // No clipboard access (permissions, insecure origin): select it for Ctrl+C instead.
      input.current?.select();
      setCopied("failed");
    }
  };

  return (
    <Alert tone="warning" role="status" aria-labelledby="new-key-title" data-testid="new-api-key-panel">
      <p id="new-key-title" className="font-medium">
        Copy the key “{name}” now — it is shown only once
      </p>
      <p className="mt-0.5">
        Rotor keeps only a hash of it. Store it in your scheduler&apos;s secret variables; if it is lost, revoke it and create another.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Input
          ref={input}
          readOnly
          value={keyValue}
          aria-label="New API key"
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 bg-white font-mono text-xs"
        />
        <Button type="button" variant="secondary" size="sm" onClick={copy}>
          {copied === "yes" ? <Check aria-hidden /> : <Copy aria-hidden />}
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button type="button" variant="ghost" size="sm" onClick={onDone}>
          Done
        </Button>
      </div>
      <p role="status" className="mt-1 min-h-4 text-xs">
        {copied === "failed" ? "The browser did not allow copying; the key is selected — press Ctrl+C (⌘C)." : copied === "yes" ? "Copied to the clipboard." : ""}
      </p>
    </Alert>
  );
}
