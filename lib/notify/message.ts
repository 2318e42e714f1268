/** The events Rotor alerts on; a webhook subscribes to some of them. `test` is "Send a test". */
export const alertEvents = ["rotation.failed", "old_secret.not_removed", "secret.expiring", "due_run.summary"] as const;
export type AlertEvent = (typeof alertEvents)[number];
export type EventType = AlertEvent | "test";

export const EVENT_LABELS: Record<EventType, string> = {
  "rotation.failed": "A rotation failed",
  "old_secret.not_removed": "An old secret could not be removed",
  "secret.expiring": "A secret expires soon without a rotation to replace it",
  "due_run.summary": "Summary of each due run (opt-in)",
  test: "Test message",
};

/**
 * What an alert says, stored in the outbox and rendered per channel. Built from the rotation's
 * journal and the application's names only: it never carries a secret, a PAT or a key.
 */
export type AlertMessage = {
  event: EventType;
  title: string;
  /** Sentences, one per line. */
  lines: string[];
  occurredAt: string;
  tenantName: string;
  application?: { id: string; name: string; appId: string };
  rotationId?: string;
  /** Where to look in Rotor. */
  link?: string;
};
