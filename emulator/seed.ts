import { EMBEDDED } from "../lib/embedded-defaults";

/**
 * The seeded scenario shared by the demo and the tests. Ids are fixed so that tests and the
 * README can name them. Nothing here is a secret: client secrets come from the data folder.
 */
export const TENANTS = {
  contoso: { id: "6a1d2c3b-0f4e-4c5d-9e8f-7a6b5c4d3e21", name: "Contoso", domain: "contoso.example" },
  fabrikam: { id: "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d61", name: "Fabrikam", domain: "fabrikam.example" },
  northwind: { id: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71", name: "Northwind Traders", domain: "northwind.example" },
} as const;

export type SeedTenantKey = keyof typeof TENANTS;

export type SeedUser = {
  key: string;
  /** Object id in `tenant` (for a guest: the guest object in the resource tenant). */
  oid: string;
  tenant: SeedTenantKey;
  /** Set for a guest: the tenant the account comes from. */
  homeTenant?: SeedTenantKey;
  name: string;
  /** Sign-in name (UPN) in the home tenant, and the email Rotor shows. */
  email: string;
  /** App roles assigned on Rotor's enterprise application in `tenant`. */
  roles: string[];
  /** Whether the user consented to Rotor calling Azure DevOps on their behalf. */
  devopsConsent: boolean;
  description: string;
};

export const USERS: SeedUser[] = [
  {
    key: "contoso-admin",
    oid: "11111111-aaaa-4aaa-8aaa-000000000001",
    tenant: "contoso",
    name: "Adele Vance",
    email: "adele@contoso.example",
    roles: ["Rotor.Admin"],
    devopsConsent: true,
    description: "Contoso tenant admin (Rotor.Admin app role)",
  },
  {
    key: "contoso-owner",
    oid: "11111111-aaaa-4aaa-8aaa-000000000002",
    tenant: "contoso",
    name: "Omar Owens",
    email: "omar@contoso.example",
    roles: [],
    devopsConsent: true,
    description: "Contoso application owner",
  },
  {
    key: "contoso-noconsent",
    oid: "11111111-aaaa-4aaa-8aaa-000000000003",
    tenant: "contoso",
    name: "Nina Novak",
    email: "nina@contoso.example",
    roles: [],
    devopsConsent: false,
    description: "Contoso user who has not consented to Azure DevOps",
  },
  {
    key: "contoso-guest",
    oid: "11111111-aaaa-4aaa-8aaa-000000000004",
    tenant: "contoso",
    homeTenant: "fabrikam",
    name: "Gus Guerrero",
    email: "gus@fabrikam.example",
    roles: [],
    devopsConsent: true,
    description: "Guest in Contoso, home tenant Fabrikam",
  },
  {
    key: "contoso-admin-nonowner",
    oid: "11111111-aaaa-4aaa-8aaa-000000000005",
    tenant: "contoso",
    name: "Ivan Ito",
    email: "ivan@contoso.example",
    roles: ["Rotor.Admin"],
    devopsConsent: true,
    description: "Contoso tenant admin who owns no application: cannot bind or change one",
  },
  {
    key: "northwind-admin",
    oid: "22222222-bbbb-4bbb-8bbb-000000000001",
    tenant: "northwind",
    name: "Nadia Wong",
    email: "nadia@northwind.example",
    roles: [],
    devopsConsent: true,
    description: "Northwind tenant admin (through ROTOR_BOOTSTRAP_ADMINS)",
  },
];

/** Object id the guest has in the home tenant. */
export const GUEST_HOME_OIDS: Record<string, string> = {
  "contoso-guest": "33333333-cccc-4ccc-8ccc-000000000001",
};

/** The bootstrap list the embedded default starts with (Northwind has no app role assigned). */
export const EMBEDDED_BOOTSTRAP_ADMINS = ["3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e71:nadia@northwind.example"];

export const ROTOR_APP = {
  clientId: EMBEDDED.rotorClientId,
  displayName: "Rotor",
  /** App role value that makes a user a Rotor tenant admin. */
  adminRole: "Rotor.Admin",
};

export function tenantById(id: string) {
  return Object.values(TENANTS).find((t) => t.id === id);
}

/**
 * Entra applications of the scenario. `managed`: Rotor's service principal is an owner, so Rotor
 * may manage it. `owners` are seed user keys. Secrets are issued at emulator start (never in git).
 */
export const APPS = [
  { key: "payments-api", tenant: "contoso", appId: "a1000000-0000-4000-8000-000000000001", objectId: "0b100000-0000-4000-8000-000000000001", displayName: "Payments API", owners: ["contoso-owner"], managed: true, secretExpiresInDays: 12 },
  { key: "container-builds", tenant: "contoso", appId: "a1000000-0000-4000-8000-000000000002", objectId: "0b100000-0000-4000-8000-000000000002", displayName: "Container Builds", owners: ["contoso-owner", "contoso-admin"], managed: true, secretExpiresInDays: 75 },
  { key: "reporting-service", tenant: "contoso", appId: "a1000000-0000-4000-8000-000000000003", objectId: "0b100000-0000-4000-8000-000000000003", displayName: "Reporting Service", owners: ["contoso-guest", "contoso-owner"], managed: true, secretExpiresInDays: 160 },
  { key: "legacy-batch", tenant: "contoso", appId: "a1000000-0000-4000-8000-000000000004", objectId: "0b100000-0000-4000-8000-000000000004", displayName: "Legacy Batch", owners: ["contoso-owner", "contoso-noconsent"], managed: true, secretExpiresInDays: 3 },
  { key: "hr-portal", tenant: "contoso", appId: "a1000000-0000-4000-8000-000000000005", objectId: "0b100000-0000-4000-8000-000000000005", displayName: "HR Portal (not managed)", owners: ["contoso-admin"], managed: false, secretExpiresInDays: 200 },
  // Used by four service connections (see seed-devops.ts): the consumers Rotor must find before it removes an old secret.
  { key: "ledger-sync", tenant: "contoso", appId: "a1000000-0000-4000-8000-000000000006", objectId: "0b100000-0000-4000-8000-000000000006", displayName: "Ledger Sync", owners: ["contoso-owner"], managed: true, secretExpiresInDays: 45 },
  { key: "northwind-orders", tenant: "northwind", appId: "a2000000-0000-4000-8000-000000000001", objectId: "0b200000-0000-4000-8000-000000000001", displayName: "Northwind Orders", owners: ["northwind-admin"], managed: true, secretExpiresInDays: 20 },
] as const satisfies readonly {
  key: string;
  tenant: SeedTenantKey;
  appId: string;
  objectId: string;
  displayName: string;
  owners: readonly string[];
  managed: boolean;
  secretExpiresInDays: number;
}[];

/** Azure DevOps organizations of the scenario; `tenant` is the Entra tenant backing the organization. */
export const ORGANIZATIONS = [
  { name: "contoso-platform", id: "c0000000-0000-4000-8000-0000000000a1", tenant: "contoso" },
  { name: "contoso-data", id: "c0000000-0000-4000-8000-0000000000a2", tenant: "contoso" },
  { name: "fabrikam-labs", id: "c0000000-0000-4000-8000-0000000000b1", tenant: "fabrikam" },
  { name: "northwind-ops", id: "c0000000-0000-4000-8000-0000000000c1", tenant: "northwind" },
] as const satisfies readonly { name: string; id: string; tenant: SeedTenantKey }[];
