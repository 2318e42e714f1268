/**
 * The associated data each sealed column binds its values to: a value copied into another row
 * or column fails to open. One place, so sealing, opening and re-keying agree.
 */
export const accountTokenContext = (key: { provider: string; providerAccountId: string }, column: "access_token" | "refresh_token") =>
  `accounts:${key.provider}:${key.providerAccountId}:${column}`;

export const patContext = (tenantId: string) => `tenant_devops_settings:${tenantId}:pat`;

/** A notification channel's SMTP password or webhook signing secret. */
export const channelSecretContext = (channelId: string) => `notification_channels:${channelId}:secret`;
