"use client";

import { Badge } from "@/components/ui/badge";
import { useRef } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { ApplicationSettingsButton } from "./application-settings-dialog";
import { bindingInWords, lastRotationInWords, policyInWords } from "./format";
import { OwnerList } from "./owner-list";
import { RemoveApplicationButton } from "./remove-application-button";
import { OverdueNote } from "./overdue-note";
import { RotateNowButton } from "./rotation/rotate-now-button";
import { RowRotationStatus } from "./rotation/row-rotation-status";
import { useRowRotation } from "./rotation/use-row-rotation";
import { SecretList } from "./secret-list";
import type { ApplicationView } from "@/lib/applications/views";

type Props = {
  application: ApplicationView;
  isAdmin: boolean;
  devopsIntegrationEnabled: boolean;
  notOwned: boolean;
  onRemoved?: (displayName: string) => void;
  /** Called when the row starts a rotation: the list holds its order until the person moves on. */
  onRotationStarted?: () => void;
};

/** Under 768 px a row is a card: cells stack in a two-column grid, each with its column's name above it. */
const CELL = "px-3 py-4 max-md:p-0";

/** The column's name over a cell on a phone, where the header row is not shown (screen readers use the headers). */
function CellLabel({ children }: { children: string }) {
  return (
    <span aria-hidden className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-600 md:hidden">
      {children}
    </span>
  );
}

/** One application: its secrets, policy, binding and last rotation, with its buttons. */
export function ApplicationRow({ application, isAdmin, devopsIntegrationEnabled, notOwned, onRemoved, onRotationStarted }: Props) {
  const policy = policyInWords(application.policy);
  const binding = bindingInWords(application.binding);
  const rotation = lastRotationInWords(application.lastRotation);
  const rowRotation = useRowRotation(application.id);
  const rotateButton = useRef<HTMLButtonElement>(null);
  return (
    <tr className="align-top max-md:grid max-md:grid-cols-2 max-md:gap-x-4 max-md:gap-y-3 max-md:px-4 max-md:py-4" data-testid="application-row">
      <th scope="row" className={`${CELL} min-w-0 text-left font-normal max-md:col-span-2 md:min-w-44`}>
        <span className="block font-medium text-slate-900" data-testid="application-name">
          {application.displayName}
        </span>
        <span className="block break-all font-mono text-xs text-slate-600">
          <span className="sr-only">Application (client) id </span>
          {application.appId}
        </span>
        <OwnerList owners={application.owners} />
      </th>
      <td className={`${CELL} max-md:col-span-2`}>
        <CellLabel>Client secrets</CellLabel>
        <SecretList secrets={application.secrets} policy={application.policy} notOwned={notOwned} />
      </td>
      <td className={CELL}>
        <CellLabel>Rotation policy</CellLabel>
        <span className="block text-slate-900 md:min-w-40">{policy.headline}</span>
        <span className="block text-xs text-slate-600">{policy.details}</span>
      </td>
      <td className={CELL}>
        <CellLabel>Azure DevOps</CellLabel>
        {binding ? (
          <>
            <span className="block max-w-44 break-words text-slate-900">{binding}</span>
            {!devopsIntegrationEnabled ? <span className="block text-xs text-amber-800">Paused: DevOps Integration is off for the tenant</span> : null}
          </>
        ) : (
          <span className="whitespace-nowrap text-slate-600">Not bound</span>
        )}
      </td>
      <td className={CELL}>
        <CellLabel>Last rotation</CellLabel>
        {rotation ? (
          <>
            <Badge tone={rotation.tone}>{rotation.label}</Badge>
            {rotation.at ? <LocalTime value={rotation.at} className="mt-1 block text-xs text-slate-600" /> : null}
            {rotation.reason ? <span className={`mt-1 block max-w-56 text-xs ${rotation.tone === "warning" ? "text-amber-800" : "text-red-700"}`}>{rotation.reason}</span> : null}
          </>
        ) : (
          <span className="whitespace-nowrap text-slate-600">Never rotated</span>
        )}
        {application.overdue ? <OverdueNote overdue={application.overdue} /> : null}
        <RowRotationStatus
          rotation={rowRotation.rotation}
          secrets={application.secrets}
          onDismiss={() => {
            rowRotation.dismiss();
            // The Dismiss button is gone: continue from this row's Rotate.
            rotateButton.current?.focus();
          }}
        />
      </td>
      <td className={`${CELL} max-md:col-span-2`}>
        <div className="flex flex-wrap items-center gap-1 md:flex-nowrap md:justify-end">
          <RotateNowButton
            displayName={application.displayName}
            connection={application.binding.devopsEnabled && devopsIntegrationEnabled ? binding : null}
            overlapHours={application.policy.overlapHours}
            running={rowRotation.rotation.phase === "running"}
            triggerRef={rotateButton}
            onConfirm={async () => {
              onRotationStarted?.();
              return rowRotation.start();
            }}
          />
          <ApplicationSettingsButton application={application} devopsIntegrationEnabled={devopsIntegrationEnabled} />
          {isAdmin ? <RemoveApplicationButton applicationId={application.id} displayName={application.displayName} onRemoved={onRemoved} /> : null}
        </div>
      </td>
    </tr>
  );
}
