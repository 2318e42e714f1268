/** What the audit log calls each action; an action without a label (added later) shows as written. */
export const ACTION_LABELS: Record<string, string> = {
  "user.signed_in": "Signed in",
  "user.signed_out": "Signed out",
  "session.ended": "Ended a session",
  "session.ended_all": "Ended every session of a person",
  "user.role_changed": "Role changed in Entra ID",
  "user.tokens_pruned": "Deleted an inactive person's tokens",
  "settings.devops_updated": "Changed Azure DevOps settings",
  "settings.schedule_updated": "Changed the built-in scheduler",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "application.added": "Added an application",
  "application.removed": "Removed an application from Rotor",
  "applications.synced": "Synced applications with Entra ID",
  "application.settings_updated": "Changed an application's secret settings",
  "rotation.started": "Started a rotation",
  "rotation.succeeded": "Rotation succeeded",
  "rotation.failed": "Rotation failed",
  "notifications.smtp_saved": "Changed the SMTP server for alerts",
  "notifications.webhook_added": "Added an alert webhook",
  "notifications.channel_removed": "Removed an alert channel",
  "notifications.settings_saved": "Changed alert settings",
  "notifications.test_sent": "Sent a test alert",
};

export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action;

/** The application an entry is about: the name it recorded, else the name Rotor knows for its id. */
export function applicationOf(entry: { targetType: string | null; targetId: string | null; detail: Record<string, unknown> | null }, names: Map<string, string>): string | null {
  const recorded = entry.detail?.application ?? entry.detail?.displayName;
  if (typeof recorded === "string") return recorded;
  return entry.targetType === "application" && entry.targetId ? (names.get(entry.targetId) ?? null) : null;
}

/** The entry's detail in words: the list of changes and the reason, if any. */
export function describeDetail(detail: Record<string, unknown> | null): string {
  const changes = detail?.changes;
  const parts = [Array.isArray(changes) ? changes.filter((c) => typeof c === "string").join(", ") : null];
  if (typeof detail?.reason === "string") parts.push(detail.reason);
  return parts.filter(Boolean).join(": ");
}
