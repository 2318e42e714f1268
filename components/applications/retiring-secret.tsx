import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { SecretView } from "@/lib/applications/views";

const removal = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A secret a rotation already replaced, still valid during the overlap: neutral "Retiring", with
 * when Rotor removes it — not an amber countdown that asks for action nobody needs to take.
 */
export function RetiringSecret({ secret }: { secret: SecretView & { retiringUntil: string } }) {
  const until = removal.format(new Date(secret.retiringUntil));
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 text-slate-500" data-testid="secret" data-retiring="true">
      <span className="whitespace-nowrap">
        <span className="font-mono text-xs" title={secret.displayName ?? undefined}>
          <span className="sr-only">Secret starting with </span>
          {secret.hint ? `${secret.hint}…` : "(no hint)"}
        </span>{" "}
        <span>
          <span className="sr-only">expires </span>
          <LocalTime value={secret.endDateTime} />
        </span>
      </span>
      <Badge tone="neutral" className="whitespace-nowrap" title={`Replaced by a rotation; Rotor removes it after ${until} UTC`}>
        Retiring
        <span className="sr-only">: replaced by a rotation, removed after {until} UTC</span>
      </Badge>
    </li>
  );
}
