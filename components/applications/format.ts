import type { ApplicationView, BindingView, PolicyView, SecretView } from "@/lib/applications/views";

export type ExpiryTone = "neutral" | "warning" | "danger";

/** Danger once expired; warning inside the policy's rotation window (≤ rotateBeforeDays). */
export function expiryTone(secret: Pick<SecretView, "daysLeft">, policy: Pick<PolicyView, "rotateBeforeDays">): ExpiryTone {
  if (secret.daysLeft <= 0) return "danger";
  return secret.daysLeft <= policy.rotateBeforeDays ? "warning" : "neutral";
}

export function daysLeftText(daysLeft: number): string {
  if (daysLeft <= 0) return "Expired";
  return daysLeft === 1 ? "1 day left" : `${daysLeft} days left`;
}

/** The rotation policy in words: a headline and the details. */
export function policyInWords(policy: PolicyView): { headline: string; details: string } {
  const headline = policy.scheduleEnabled ? `Rotates ${days(policy.rotateBeforeDays)} before expiry` : "Manual only";
  const overlap = policy.overlapHours === 0 ? "old one removed at once" : `old one kept ${hours(policy.overlapHours)}`;
  return { headline, details: `${policy.secretLifetimeDays}-day secrets, ${overlap}` };
}

/** Organization / project / connection, or null when the application is not bound. */
export function bindingInWords(binding: BindingView): string | null {
  if (!binding.devopsEnabled || !binding.organization || !binding.endpointName) return null;
  return [binding.organization, binding.projectName, binding.endpointName].filter(Boolean).join(" / ");
}

/** `at`: when it finished (ISO), shown in the browser's time zone. */
export type RotationSummary = { tone: "neutral" | "success" | "warning" | "danger" | "brand"; label: string; at: string | null; reason: string | null };

export function lastRotationInWords(rotation: ApplicationView["lastRotation"]): RotationSummary | null {
  if (!rotation) return null;
  const at = rotation.finishedAt;
  // A bound service connection was left untouched: amber, never a plain success.
  if (rotation.state === "succeeded" && rotation.warning) return { tone: "warning", label: "Succeeded with warnings", at, reason: rotation.warning };
  if (rotation.state === "succeeded") return { tone: "success", label: "Succeeded", at, reason: null };
  if (rotation.state === "failed") return { tone: "danger", label: "Failed", at, reason: rotation.failureReason };
  // A failed step is being undone (the new secret removed); the old secret still works.
  if (rotation.state === "compensating") return { tone: "danger", label: "Rolling back", at: null, reason: null };
  return { tone: "brand", label: "In progress", at: null, reason: null };
}

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);
const hours = (n: number) => `${n} h`;
