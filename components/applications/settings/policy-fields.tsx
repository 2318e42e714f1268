"use client";

import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { DialogInput } from "@/lib/validations/application-settings";
import { Controller, useFormContext } from "react-hook-form";
import { FieldError } from "./devops-section";

const NUMBERS = [
  { name: "policy.secretLifetimeDays", label: "Secret lifetime", unit: "days", help: "How long each new secret is valid (at most 730)." },
  { name: "policy.rotateBeforeDays", label: "Rotate before expiry", unit: "days", help: "Rotate this many days before the current secret expires." },
  { name: "policy.overlapHours", label: "Keep the old secret", unit: "hours", help: "How long the old secret stays valid after the new one is in place." },
] as const;

/** The rotation policy: lifetime, when to rotate, overlap, and whether the schedule runs. */
export function PolicyFields() {
  const { register, control, formState } = useFormContext<DialogInput>();
  const errors = formState.errors.policy;
  return (
    <section aria-labelledby="policy-heading" className="space-y-3">
      <h3 id="policy-heading" className="text-sm font-semibold text-slate-900">
        Rotation policy
      </h3>
      <div className="grid gap-3 sm:grid-cols-3">
        {NUMBERS.map((f) => {
          const key = f.name.split(".")[1] as "secretLifetimeDays" | "rotateBeforeDays" | "overlapHours";
          const id = `policy-${key}`;
          return (
            <div key={f.name}>
              <label htmlFor={id} className="block text-sm font-medium text-slate-800">
                {f.label} <span className="font-normal text-slate-500">({f.unit})</span>
              </label>
              <Input
                id={id}
                type="number"
                inputMode="numeric"
                min={0}
                className="mt-1"
                aria-invalid={errors?.[key] ? true : undefined}
                aria-describedby={`${id}-help`}
                {...register(f.name, { valueAsNumber: true })}
              />
              <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
                {f.help}
              </p>
              <FieldError message={errors?.[key]?.message} />
            </div>
          );
        })}
      </div>
      <div className="flex items-center justify-between gap-4 rounded-md bg-slate-50 px-3 py-2">
        <label htmlFor="policy-schedule" className="text-sm text-slate-800">
          Rotate on schedule <span className="text-slate-500">(off: only when someone presses Rotate now or calls the API)</span>
        </label>
        <Controller
          control={control}
          name="policy.scheduleEnabled"
          render={({ field }) => <Switch id="policy-schedule" checked={field.value} onCheckedChange={field.onChange} />}
        />
      </div>
    </section>
  );
}
