import { Badge } from "@/components/ui/badge";
import { ApplicationSettingsButton } from "./application-settings-dialog";
import { bindingInWords, lastRotationInWords, policyInWords } from "./format";
import { OwnerList } from "./owner-list";
import { RemoveApplicationButton } from "./remove-application-button";
import { RotateNowButton } from "./rotation/rotate-now-button";
import { SecretList } from "./secret-list";
import type { ApplicationView } from "./types";

type Props = {
  application: ApplicationView;
  isAdmin: boolean;
  devopsIntegrationEnabled: boolean;
  notOwned: boolean;
  onRemoved?: (displayName: string) => void;
};

/** One application: its secrets, policy, binding and last rotation, with its buttons. */
export function ApplicationRow({ application, isAdmin, devopsIntegrationEnabled, notOwned, onRemoved }: Props) {
  const policy = policyInWords(application.policy);
  const binding = bindingInWords(application.binding);
  const rotation = lastRotationInWords(application.lastRotation);
  return (
    <tr className="align-top" data-testid="application-row">
      <th scope="row" className="min-w-44 px-3 py-4 text-left font-normal">
        <span className="block font-medium text-slate-900" data-testid="application-name">
          {application.displayName}
        </span>
        <span className="block font-mono text-xs text-slate-500">
          <span className="sr-only">Application (client) id </span>
          {application.appId}
        </span>
        <OwnerList owners={application.owners} />
      </th>
      <td className="px-3 py-4">
        <SecretList secrets={application.secrets} policy={application.policy} notOwned={notOwned} />
      </td>
      <td className="px-3 py-4">
        <span className="block min-w-40 text-slate-900">{policy.headline}</span>
        <span className="block text-xs text-slate-500">{policy.details}</span>
      </td>
      <td className="px-3 py-4">
        {binding ? (
          <>
            <span className="block max-w-44 break-words text-slate-900">{binding}</span>
            {!devopsIntegrationEnabled ? <span className="block text-xs text-amber-800">Paused: DevOps Integration is off for the tenant</span> : null}
          </>
        ) : (
          <span className="whitespace-nowrap text-slate-500">Not bound</span>
        )}
      </td>
      <td className="px-3 py-4">
        {rotation ? (
          <>
            <Badge tone={rotation.tone}>{rotation.label}</Badge>
            {rotation.when ? <span className="mt-1 block text-xs text-slate-500">{rotation.when}</span> : null}
            {rotation.reason ? <span className="mt-1 block max-w-56 text-xs text-red-700">{rotation.reason}</span> : null}
          </>
        ) : (
          <span className="whitespace-nowrap text-slate-500">Never rotated</span>
        )}
      </td>
      <td className="px-3 py-4">
        <div className="flex items-center justify-end gap-1">
          <RotateNowButton applicationId={application.id} displayName={application.displayName} />
          <ApplicationSettingsButton application={application} devopsIntegrationEnabled={devopsIntegrationEnabled} />
          {isAdmin ? <RemoveApplicationButton applicationId={application.id} displayName={application.displayName} onRemoved={onRemoved} /> : null}
        </div>
      </td>
    </tr>
  );
}
