import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { ApiKeySummary } from "@/lib/api-keys/manage";
import { KeySquare } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

/** Under 768 px a key is a card: cells in a two-column grid, each with its column's name above it. */
const CELL = "px-6 py-3 max-md:p-0";

function CellLabel({ children }: { children: string }) {
  return (
    <span aria-hidden className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-600 md:hidden">
      {children}
    </span>
  );
}

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
      <table className="w-full text-left text-sm max-md:block">
        <caption className="sr-only">API keys</caption>
        {/* On a phone each key is a card with its own labels; the header row stays for screen readers. */}
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 max-md:sr-only">
          <tr>
            <th scope="col" className="px-6 py-3 font-medium">Name</th>
            <th scope="col" className="px-6 py-3 font-medium">Key</th>
            <th scope="col" className="px-6 py-3 font-medium">Created</th>
            <th scope="col" className="px-6 py-3 font-medium">Last used</th>
            <th scope="col" className="px-6 py-3 font-medium">Status</th>
            <th scope="col" className="px-6 py-3 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-md:block">
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key-row" className={`max-md:grid max-md:grid-cols-2 max-md:gap-x-4 max-md:gap-y-3 max-md:px-4 max-md:py-4 ${key.revokedAt ? "text-slate-600" : ""}`}>
              <th scope="row" className={`${CELL} break-words font-medium text-slate-900 max-md:col-span-2`}>{key.name}</th>
              <td className={`${CELL} whitespace-nowrap font-mono text-xs text-slate-700`}>
                <CellLabel>Key</CellLabel>
                {key.prefix}…
              </td>
              <td className={`${CELL} text-slate-600`}>
                <CellLabel>Created</CellLabel>
                <LocalTime value={key.createdAt} className="whitespace-nowrap" />
                <span className="block text-xs text-slate-600">by {key.createdBy}</span>
              </td>
              <td className={`${CELL} text-slate-600`}>
                <CellLabel>Last used</CellLabel>
                {key.lastUsedAt ? <LocalTime value={key.lastUsedAt} /> : "Never"}
              </td>
              <td className={CELL}>
                <CellLabel>Status</CellLabel>
                {key.revokedAt ? (
                  <>
                    <Badge tone="neutral">Revoked</Badge>
                    <span className="mt-1 block text-xs text-slate-600">
                      <LocalTime value={key.revokedAt} />
                      {key.revokedBy ? ` by ${key.revokedBy}` : null}
                    </span>
                  </>
                ) : (
                  <Badge tone="success">Active</Badge>
                )}
              </td>
              <td className={`${CELL} md:text-right`}>{key.revokedAt ? null : <RevokeApiKeyButton id={key.id} name={key.name} prefix={key.prefix} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
