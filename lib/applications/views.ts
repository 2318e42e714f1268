/** What lib/applications/list.ts gives the Applications page and the settings dialog about one application (no secret text). */
export type SecretView = {
  keyId: string;
  hint: string | null;
  displayName: string | null;
  endDateTime: string;
  daysLeft: number;
  /** Set when a rotation replaced this secret: it is removed after this moment (the overlap's end). */
  retiringUntil?: string | null;
};

export type PolicyView = { secretLifetimeDays: number; rotateBeforeDays: number; overlapHours: number; scheduleEnabled: boolean };

export type BindingView = {
  devopsEnabled: boolean;
  organization: string | null;
  organizationTenantId?: string | null;
  projectId: string | null;
  projectName: string | null;
  endpointId: string | null;
  endpointName: string | null;
  endpointType: string | null;
};

/** An owner as Rotor knows them: null where neither a sign-in nor Graph said (see lib/owners/contacts). */
export type OwnerView = { oid: string; name: string | null; email: string | null };

export type ApplicationView = {
  id: string;
  appId: string;
  displayName: string;
  /** Null when Entra ID could not be read just now. */
  secrets: SecretView[] | null;
  policy: PolicyView;
  binding: BindingView;
  /** `warning`: the rotation succeeded but left a bound service connection untouched (amber, never plain success). */
  lastRotation: { state: string; finishedAt: string | null; failureReason: string | null; warning?: string | null } | null;
  /** Past its rotation date and not rotating: since when, and why (in words). */
  overdue?: { since: string; reason: string } | null;
  /** The application's owners in Entra ID (as of the last add or sync). */
  owners: OwnerView[];
};
