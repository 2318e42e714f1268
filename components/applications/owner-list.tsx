import { UNKNOWN_ADDRESS, UNKNOWN_OWNER } from "@/lib/owners/words";
import type { OwnerView } from "@/lib/applications/views";

/**
 * The application's owners as Rotor knows them: from their own sign-ins, or from Microsoft Graph
 * when Rotor may read names (User.ReadBasic.All). Anyone else is named plainly as unknown.
 */
export function OwnerList({ owners }: { owners: OwnerView[] }) {
  if (owners.length === 0) return <span className="mt-2 block text-xs text-slate-500">No owners who are people</span>;
  return (
    <div className="mt-2 text-xs">
      <span className="block font-medium text-slate-600">Owners</span>
      <ul className="space-y-0.5" aria-label="Owners" data-testid="application-owners">
        {owners.map((owner) => (
          <li key={owner.oid} title={`Object id ${owner.oid}`}>
            {owner.name || owner.email ? (
              <>
                <span className="block text-slate-800">{owner.name ?? owner.email}</span>
                {owner.name ? <span className="block break-all text-slate-500">{owner.email ?? UNKNOWN_ADDRESS}</span> : null}
              </>
            ) : (
              <span className="block italic text-slate-500">{UNKNOWN_OWNER}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
