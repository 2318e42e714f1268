import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { AlertTriangle, XCircle } from "lucide-react";
import { daysLeftText, expiryTone } from "./format";
import { RetiringSecret } from "./retiring-secret";
import type { PolicyView, SecretView } from "@/lib/applications/views";

/** An application's client secrets from Entra ID: hint, expiry date and days left, toned by the policy. */
export function SecretList({ secrets, policy, notOwned }: { secrets: SecretView[] | null; policy: PolicyView; notOwned: boolean }) {
  if (notOwned) {
    return (
      <p className="flex max-w-56 gap-1.5 text-amber-800">
        <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>Rotor&apos;s service principal is no longer an owner in Entra ID, so Rotor cannot read or rotate these secrets.</span>
      </p>
    );
  }
  if (secrets === null) return <p className="text-slate-500">Unknown: not read from Entra ID yet (Refresh secrets reads them)</p>;
  if (secrets.length === 0) {
    return (
      <Badge tone="danger">
        <XCircle className="size-3" aria-hidden /> No client secret
      </Badge>
    );
  }
  return (
    <ul className="space-y-1.5">
      {secrets.map((secret) => {
        if (secret.retiringUntil) return <RetiringSecret key={secret.keyId} secret={secret as SecretView & { retiringUntil: string }} />;
        const tone = expiryTone(secret, policy);
        return (
          <li key={secret.keyId} className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="secret">
            <span className="whitespace-nowrap">
              <span className="font-mono text-xs text-slate-700" title={secret.displayName ?? undefined}>
                <span className="sr-only">Secret starting with </span>
                {secret.hint ? `${secret.hint}…` : "(no hint)"}
              </span>{" "}
              <span className="text-slate-600">
                <span className="sr-only">expires </span>
                <LocalTime value={secret.endDateTime} style="date" />
              </span>
            </span>
            <Badge tone={tone} className="whitespace-nowrap">
              {tone === "danger" ? <XCircle className="size-3" aria-hidden /> : tone === "warning" ? <AlertTriangle className="size-3" aria-hidden /> : null}
              {daysLeftText(secret.daysLeft)}
              {tone === "warning" ? <span className="sr-only"> (within the {policy.rotateBeforeDays}-day rotation window)</span> : null}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}
