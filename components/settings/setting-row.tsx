import type { ReactNode } from "react";

/** One setting: a label and its one-line explanation on the left, the control on the right. */
export function SettingRow({ id, label, help, children }: { id: string; label: string; help: string; children: ReactNode }) {
  return (
    <div className="flex items-start justify-between gap-6 py-4">
      <div className="max-w-xl">
        <label htmlFor={id} className="text-sm font-medium text-slate-900">
          {label}
        </label>
        <p id={`${id}-help`} className="mt-0.5 text-sm text-slate-500">
          {help}
        </p>
      </div>
      <div className="pt-0.5">{children}</div>
    </div>
  );
}
