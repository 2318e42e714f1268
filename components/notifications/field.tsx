import { Input } from "@/components/ui/input";
import type { ComponentProps, ReactNode } from "react";

/** A labelled input with its help and its error, wired for screen readers. */
export function Field({ id, label, help, error, children, ...input }: { id: string; label: string; help?: ReactNode; error?: string; children?: ReactNode } & ComponentProps<"input">) {
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-slate-900">
        {label}
      </label>
      {help ? (
        <p id={`${id}-help`} className="mt-0.5 text-sm text-slate-500">
          {help}
        </p>
      ) : null}
      <div className="mt-1.5">{children ?? <Input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />}</div>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const selectClass =
  "h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500";
