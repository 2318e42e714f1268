"use client";

import type { DialogInput } from "@/lib/validations/application-settings";
import { createContext, useContext, useEffect, useState } from "react";

/**
 * The Azure DevOps consent round trip leaves Rotor for Entra ID and comes back to a fresh page.
 * The dialog's choices travel in the return path (`/applications?settings=<id>&org=…`), never
 * in storage, and reopen the dialog with them. They are only choices: the dialog's look-ups and
 * the save action check everything again.
 */
const PARAMS = ["settings", "devops", "org", "project", "endpoint", "lifetime", "before", "overlap", "schedule"] as const;

export function consentReturnPath(applicationId: string, v: DialogInput): string {
  const params = new URLSearchParams({
    settings: applicationId,
    devops: v.devopsEnabled ? "1" : "0",
    org: v.organizationKey,
    project: v.projectId,
    endpoint: v.endpointId,
    lifetime: String(v.policy.secretLifetimeDays),
    before: String(v.policy.rotateBeforeDays),
    overlap: String(v.policy.overlapHours),
    schedule: v.policy.scheduleEnabled ? "1" : "0",
  });
  return `/applications?${params}`;
}

/** The dialog's return path for the consent link; the plain list when no dialog provides one. */
export const ConsentReturnContext = createContext<(() => string) | null>(null);

/** Builds the return path when asked (at the click), so it carries the choices as they are then. */
export function useConsentReturnPath(): () => string {
  const build = useContext(ConsentReturnContext);
  return () => build?.() ?? "/applications";
}

const number = (value: string | null, fallback: number) => (value && /^\d{1,4}$/.test(value) ? Number(value) : fallback);
const text = (value: string | null, fallback: string) => (value !== null && value.length <= 300 ? value : fallback);

/**
 * For the application whose dialog the consent round trip returns to: the choices to restore
 * (over the saved ones), once, and the parameters removed from the address so a reload does not
 * reopen it. Null for every other row.
 */
export function useRestoredChoices(applicationId: string, saved: DialogInput): [DialogInput | null, () => void] {
  const [restored, setRestored] = useState<DialogInput | null>(null);
  useEffect(() => {
    const query = new URLSearchParams(window.location.search);
    if (query.get("settings") !== applicationId) return;
    const choices: DialogInput = {
      devopsEnabled: query.has("devops") ? query.get("devops") === "1" : saved.devopsEnabled,
      organizationKey: text(query.get("org"), saved.organizationKey),
      projectId: text(query.get("project"), saved.projectId),
      endpointId: text(query.get("endpoint"), saved.endpointId),
      policy: {
        secretLifetimeDays: number(query.get("lifetime"), Number(saved.policy.secretLifetimeDays)),
        rotateBeforeDays: number(query.get("before"), Number(saved.policy.rotateBeforeDays)),
        overlapHours: number(query.get("overlap"), Number(saved.policy.overlapHours)),
        scheduleEnabled: query.has("schedule") ? query.get("schedule") === "1" : saved.policy.scheduleEnabled,
      },
    };
    for (const name of PARAMS) query.delete(name);
    const rest = query.toString();
    window.history.replaceState(null, "", `${window.location.pathname}${rest ? `?${rest}` : ""}`);
    setRestored(choices);
  }, [applicationId, saved]);
  return [restored, () => setRestored(null)];
}
