export type AzureService = "entra" | "graph" | "devops";

export function label(service: AzureService): string {
  return { entra: "Microsoft Entra ID", graph: "Microsoft Graph", devops: "Azure DevOps" }[service];
}

/** The code of an AzureError for an answer Rotor could not read (not JSON, a missing field, a wrong type…). */
export const MALFORMED = "malformed_answer";

/**
 * A failed call to Entra ID, Graph or Azure DevOps. `message` is Azure's own sentence (never a
 * request body or a credential); `retryable` marks throttling, server faults and network errors.
 */
export class AzureError extends Error {
  constructor(
    readonly service: AzureService,
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "AzureError";
  }

  get retryable(): boolean {
    // The same server would most likely send the same unreadable answer again.
    if (this.code === MALFORMED) return false;
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** The user has not consented to Rotor calling Azure DevOps for them: send them to `consentUrl`. */
export class ConsentRequiredError extends AzureError {
  constructor(
    readonly consentUrl: string,
    message = "Rotor needs your consent to read Azure DevOps on your behalf.",
  ) {
    super("entra", 400, message, "consent_required");
    this.name = "ConsentRequiredError";
  }
}

/** The stored sign-in can no longer be refreshed (expired, revoked): the user must sign in again. */
export class SignInRequiredError extends AzureError {
  constructor(message = "Your Microsoft sign-in has expired. Sign in again to continue.") {
    super("entra", 401, message, "sign_in_required");
    this.name = "SignInRequiredError";
  }
}
