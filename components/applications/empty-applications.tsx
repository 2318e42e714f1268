import { EmptyState } from "@/components/ui/empty-state";
import { KeyRound } from "lucide-react";

/** What a new admin does next, or whom someone else asks. */
export function EmptyApplications({ isAdmin, addableCount, servicePrincipalAppId }: { isAdmin: boolean; addableCount: number; servicePrincipalAppId: string }) {
  if (!isAdmin) {
    return (
      <EmptyState icon={KeyRound} title="No applications yet">
        <p>None of the applications you own in Entra ID is managed by Rotor yet. Ask a tenant admin to add it in Rotor.</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={KeyRound} title="No applications yet">
      <p>Rotor rotates the client secrets of app registrations its service principal owns. To bring one under rotation:</p>
      <ol className="mx-auto mt-3 max-w-sm list-decimal space-y-1 pl-5 text-left">
        <li>
          In Entra ID, open App registrations → the application → Owners, and add Rotor&apos;s service principal (application id{" "}
          <span className="font-mono text-xs">{servicePrincipalAppId}</span>).
        </li>
        <li>
          Choose <strong className="font-medium text-slate-900">Add application</strong> above and pick it.
        </li>
      </ol>
      {addableCount > 0 ? (
        <p className="mt-3 font-medium text-brand-700">
          {addableCount === 1 ? "1 application is" : `${addableCount} applications are`} ready to add.
        </p>
      ) : null}
    </EmptyState>
  );
}
