"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { KeyRound, Undo2 } from "lucide-react";
import { useState } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

export type StoredPat = { last4: string; savedAt: string; savedBy: string | null };

/**
 * The PAT is never sent back to the browser: when one is stored the field shows only its last
 * four characters, when and by whom it was saved, with Replace and Remove.
 */
export function PatField({
  stored,
  input,
  removing,
  onRemove,
  onUndoRemove,
  onCancelReplace,
  error,
}: {
  stored: StoredPat | null;
  input: UseFormRegisterReturn<"pat">;
  removing: boolean;
  onRemove: () => void;
  onUndoRemove: () => void;
  onCancelReplace: () => void;
  error?: string;
}) {
  const [replacing, setReplacing] = useState(!stored);
  const describedBy = ["pat-help", error ? "pat-error" : null].filter(Boolean).join(" ");

  return (
    <div className="w-full max-w-2xl">
      {stored && !replacing ? (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid="stored-pat">
          <span className="flex items-center gap-2">
            <KeyRound className="size-4 shrink-0 text-slate-500" aria-hidden />
            {removing ? (
              <span className="text-amber-800">Will be removed when you save.</span>
            ) : (
              <span className="text-slate-700">
                Set, ends <span className="font-mono">…{stored.last4}</span>, saved <LocalTime value={stored.savedAt} />
                {stored.savedBy ? ` by ${stored.savedBy}` : ""}
              </span>
            )}
          </span>
          <span className="flex gap-2">
            {removing ? (
              <Button type="button" variant="ghost" size="sm" onClick={onUndoRemove}>
                <Undo2 aria-hidden /> Keep it
              </Button>
            ) : (
              <>
                <Button type="button" variant="secondary" size="sm" onClick={() => setReplacing(true)}>
                  Replace
                </Button>
                <Button type="button" variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={onRemove}>
                  Remove
                </Button>
              </>
            )}
          </span>
        </div>
      ) : (
        <div className="flex max-w-md gap-2">
          <Input
            id="pat"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={stored ? "Paste the new token" : "Paste a personal access token"}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            autoFocus={!!stored}
            {...input}
          />
          {stored ? (
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                setReplacing(false);
                onCancelReplace();
              }}
            >
              Cancel
            </Button>
          ) : null}
        </div>
      )}
      {error ? (
        <p id="pat-error" role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
