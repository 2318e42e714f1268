import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { ApiKeySummary } from "@/lib/api-keys/manage";
import { KeySquare } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

/** The tenant's keys by prefix and name — never the key, which Rotor does not have. */
export function ApiKeyList({ keys }: { keys: ApiKeySummary[] }) {
  if (keys.length === 0) {
    return (
      <EmptyState icon={KeySquare} title="No API keys yet">
        <p>Create one key per scheduler, so each can be revoked on its own.</p>
      </EmptyState>
    );
  }
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">API keys</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-6 py-3 font-medium">Name</th>
            <th scope="col" className="px-6 py-3 font-medium">Key</th>
            <th scope="col" className="px-6 py-3 font-medium">Created</th>
            <th scope="col" className="px-6 py-3 font-medium">Last used</th>
            <th scope="col" className="px-6 py-3 font-medium">Status</th>
            <th scope="col" className="px-6 py-3 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key-row" className={key.revokedAt ? "text-slate-500" : undefined}>
              <th scope="row" className="px-6 py-3 font-medium text-slate-900">{key.name}</th>
              <td className="whitespace-nowrap px-6 py-3 font-mono text-xs text-slate-700">{key.prefix}…</td>
              <td className="px-6 py-3 text-slate-600">
                <LocalTime value={key.createdAt} className="whitespace-nowrap" />
                <span className="block text-xs text-slate-500">by {key.createdBy}</span>
              </td>
              <td className="whitespace-nowrap px-6 py-3 text-slate-600">
                {key.lastUsedAt ? <LocalTime value={key.lastUsedAt} /> : "Never"}
              </td>
              <td className="px-6 py-3">
                {key.revokedAt ? (
                  <>
                    <Badge tone="neutral">Revoked</Badge>
                    <span className="mt-1 block text-xs text-slate-500">
                      <LocalTime value={key.revokedAt} />
                      {key.revokedBy ? ` by ${key.revokedBy}` : null}
                    </span>
                  </>
                ) : (
                  <Badge tone="success">Active</Badge>
                )}
              </td>
              <td className="px-6 py-3 text-right">{key.revokedAt ? null : <RevokeApiKeyButton id={key.id} name={key.name} prefix={key.prefix} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
