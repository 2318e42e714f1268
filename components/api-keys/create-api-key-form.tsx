"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { createApiKey } from "@/lib/actions/api-keys/create-api-key";
import { createApiKeySchema, type CreateApiKeyInput, type CreateApiKeyValues } from "@/lib/validations/api-keys";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Plus } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { NewKeyPanel } from "./new-key-panel";

/** Name a key and create it; the key comes back once and is shown by NewKeyPanel. */
export function CreateApiKeyForm() {
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<CreateApiKeyInput, unknown, CreateApiKeyValues>({ resolver: zodResolver(createApiKeySchema), defaultValues: { name: "" } });
  const nameError = form.formState.errors.name?.message;

  const onSubmit = form.handleSubmit((values) => {
    setError(null);
    setCreated(null);
    startTransition(async () => {
      const result = await createApiKey(values);
      if (!result.ok) {
        if (result.fieldErrors?.name) form.setError("name", { message: result.fieldErrors.name[0] });
        setError(result.error);
        // The button was disabled while it ran, so focus fell away: back to the field to correct.
        form.setFocus("name");
        return;
      }
      setCreated({ name: result.data.name, key: result.data.key });
      form.reset({ name: "" });
    });
  });

  return (
    <div className="space-y-4 px-4 py-5 sm:px-6">
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="api-key-name" className="text-sm font-medium text-slate-900">
            Name
          </label>
          <p id="api-key-name-help" className="mb-2 mt-0.5 text-sm text-slate-500">
            Which scheduler will hold it, e.g. “Azure DevOps nightly pipeline”.
          </p>
          <Input
            id="api-key-name"
            autoComplete="off"
            maxLength={80}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "api-key-name-help api-key-name-error" : "api-key-name-help"}
            {...form.register("name")}
          />
          {nameError ? (
            <p id="api-key-name-error" className="mt-1 text-sm text-red-700">
              {nameError}
            </p>
          ) : null}
        </div>
        <Button type="submit" disabled={pending} className="sm:mt-[3.25rem]">
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Plus aria-hidden />}
          {pending ? "Creating…" : "Create key"}
        </Button>
      </form>
      {error && !nameError ? (
        <Alert tone="danger" role="alert">
          {error}
        </Alert>
      ) : null}
      {created ? (
        <NewKeyPanel
          name={created.name}
          keyValue={created.key}
          onDone={() => {
            setCreated(null);
            // The panel (and its Done button) is gone: continue at the name field, ready for the next key.
            form.setFocus("name");
          }}
        />
      ) : null}
    </div>
  );
}
