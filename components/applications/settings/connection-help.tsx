import { Alert } from "@/components/ui/alert";

/** Connection types as Azure DevOps names them in "New service connection". */
export const TYPE_LABELS: Record<string, string> = { azurerm: "Azure Resource Manager", dockerregistry: "Docker Registry" };

export const typeLabel = (type: string) => TYPE_LABELS[type.toLowerCase()] ?? type;

/** What "not ready" means, next to the badge. */
export const NOT_READY =
  "Azure DevOps has not finished setting this connection up, or setting it up failed, so pipelines cannot use it yet. Open it in Project settings → Service connections to finish or fix it.";

/**
 * The next step when no connection of the project can be used: which kind of connection Rotor
 * can keep fresh, and how to create one for this application.
 */
export function NoUsableConnection({ projectName, appId, none }: { projectName: string; appId: string; none: boolean }) {
  return (
    <Alert tone="info" data-testid="no-usable-connection">
      <p className="font-medium">{none ? `${projectName} has no service connections yet.` : `None of these connections can be used for this application.`}</p>
      <p className="mt-1">
        To bind one, create it in Azure DevOps: {projectName} → Project settings → Service connections → New service connection, then choose
        Refresh below. Rotor can keep the secret of either kind:
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        <li>
          <span className="font-medium">Azure Resource Manager</span> → Service principal (manual), with service principal id{" "}
          <span className="break-all font-mono text-xs">{appId}</span> and one of its client secrets;
        </li>
        <li>
          <span className="font-medium">Docker Registry</span> → Others, with Docker ID <span className="break-all font-mono text-xs">{appId}</span> and
          one of its client secrets as the password.
        </li>
      </ul>
    </Alert>
  );
}
