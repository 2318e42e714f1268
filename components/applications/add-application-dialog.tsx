"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { LocalTime } from "@/components/ui/local-time";
import { addApplication } from "@/lib/actions/applications/add-application";
import { listAddable } from "@/lib/actions/applications/credential-snapshot";
import type { AddableApplication } from "@/lib/applications/list";
import { useQuery } from "@tanstack/react-query";
import { Loader2, Plus, RefreshCw } from "lucide-react";
import { useEffect, useRef, useState, useTransition } from "react";
import { unwrap } from "./settings/lookup";

type Outcome = { tone: "success" | "danger"; text: string };

/**
 * Add application (admins): the applications Rotor's service principal owns in Entra ID that
 * Rotor does not manage yet, each with its own Add button. The list is asked from Entra ID when the
 * dialog opens (one Graph call), not with every view of the page; the dialog stays open so several
 * can be added in a row.
 */
export function AddApplicationDialog() {
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [adding, setAdding] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const list = useQuery({ queryKey: ["applications", "addable"], queryFn: () => unwrap(listAddable({})), enabled: open, staleTime: 0, retry: false });
  const addable = list.data ?? [];
  const entraError = list.isError ? list.error.message : null;
  const outcomeBox = useRef<HTMLDivElement>(null);
  // The Add button that was pressed is disabled, then gone with its line: focus goes to what happened.
  useEffect(() => {
    if (outcome) outcomeBox.current?.focus();
  }, [outcome]);

  const add = (app: AddableApplication) => {
    setAdding(app.appId);
    setOutcome(null);
    startTransition(async () => {
      const result = await addApplication({ appId: app.appId });
      setAdding(null);
      setOutcome(result.ok ? { tone: "success", text: `${result.data.displayName} added. Rotor now watches its secrets.` } : { tone: "danger", text: result.error });
      // The action revalidates the page; the dialog's own list is asked again.
      if (result.ok) await list.refetch();
    });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setOutcome(null);
      }}
    >
      <DialogTrigger asChild>
        <Button type="button">
          <Plus aria-hidden /> Add application
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel="Close" aria-describedby="add-application-description">
        <DialogHeader>
          <DialogTitle>Add an application</DialogTitle>
          <DialogDescription id="add-application-description">
            App registrations whose owners in Entra ID include Rotor&apos;s service principal. An added application starts with the default
            policy: new secrets last 180 days and are rotated 30 days before they expire.
          </DialogDescription>
        </DialogHeader>
        <DialogBody>
          {list.isPending ? (
            <p className="flex items-center gap-2 text-sm text-slate-500" role="status">
              <Loader2 className="size-4 animate-spin" aria-hidden /> Asking Entra ID for the applications Rotor can add…
            </p>
          ) : entraError ? (
            <Alert tone="danger">
              <p className="font-medium">Entra ID could not be read, so there is nothing to pick from.</p>
              <p className="mt-1">{entraError}</p>
            </Alert>
          ) : addable.length === 0 ? (
            <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
              <p className="font-medium text-slate-900">Every application Rotor can manage is already here.</p>
              <p className="mt-1">
                To add another, open it in Entra ID → App registrations → Owners, add Rotor&apos;s service principal, then refresh this list.
              </p>
            </div>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Applications you can add">
              {addable.map((app) => (
                <li key={app.appId} className="flex items-center justify-between gap-4 px-4 py-3">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">{app.displayName}</p>
                    <p className="truncate font-mono text-xs text-slate-600">{app.appId}</p>
                    <p className="mt-0.5 text-xs text-slate-600">
                      {app.secretCount === 0
                        ? "No client secret yet"
                        : <>{`${app.secretCount} client secret${app.secretCount === 1 ? "" : "s"}, latest expires `}<LocalTime value={app.latestExpiry!} style="date" /></>}
                    </p>
                  </div>
                  <Button type="button" variant="secondary" size="sm" onClick={() => add(app)} disabled={pending} aria-label={`Add ${app.displayName}`}>
                    {adding === app.appId ? <Loader2 className="animate-spin" aria-hidden /> : <Plus aria-hidden />}
                    {adding === app.appId ? "Adding…" : "Add"}
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div ref={outcomeBox} tabIndex={-1} className="outline-none">
            <div aria-live="polite" role="status" className="mt-3 empty:hidden">
              {outcome?.tone === "success" ? <Alert tone="success">{outcome.text}</Alert> : null}
            </div>
            {outcome?.tone === "danger" ? (
              <Alert tone="danger" role="alert" className="mt-3">
                {outcome.text}
              </Alert>
            ) : null}
          </div>
        </DialogBody>
        <DialogFooter className="justify-between">
          <Button type="button" variant="ghost" size="sm" onClick={() => void list.refetch()} disabled={list.isFetching}>
            <RefreshCw className={list.isFetching ? "animate-spin" : undefined} aria-hidden /> Refresh list
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
