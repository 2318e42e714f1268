import { RefreshCcw } from "lucide-react";

export function Logo() {
  return (
    <span className="flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900">
      <span className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white">
        <RefreshCcw className="size-4" aria-hidden />
      </span>
      Rotor
    </span>
  );
}
