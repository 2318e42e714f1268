import { z } from "zod";

const guid = z.uuid({ error: "Pick one from the list." });

export const policySchema = z
  .object({
    secretLifetimeDays: z.coerce.number({ error: "Enter a number of days." }).int("Whole days only.").min(1, "At least 1 day.").max(730, "Entra ID allows at most 730 days (2 years)."),
    rotateBeforeDays: z.coerce.number({ error: "Enter a number of days." }).int("Whole days only.").min(1, "At least 1 day before expiry."),
    overlapHours: z.coerce.number({ error: "Enter a number of hours." }).int("Whole hours only.").min(0, "Zero or more hours.").max(720, "At most 720 hours (30 days)."),
    scheduleEnabled: z.boolean(),
  })
  .refine((p) => p.rotateBeforeDays < p.secretLifetimeDays, { path: ["rotateBeforeDays"], message: "Rotate before the secret expires: fewer days than its lifetime." });

export const devopsBindingSchema = z.discriminatedUnion("enabled", [
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    organization: z.string({ error: "Pick an organization." }).trim().min(1, "Pick an organization.").max(200).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "That is not an Azure DevOps organization name."),
    organizationTenantId: z.uuid({ error: "Pick an organization." }),
    projectId: guid,
    endpointId: guid,
  }),
]);

/** The application's secret settings dialog, shared by the form and the server action. */
export const applicationSettingsSchema = z.object({
  applicationId: z.uuid(),
  policy: policySchema,
  devops: devopsBindingSchema,
});

export type ApplicationSettingsInput = z.input<typeof applicationSettingsSchema>;
export type ApplicationSettingsValues = z.output<typeof applicationSettingsSchema>;

/** Inputs of the dialog's look-ups. */
const bound = devopsBindingSchema.options[1].shape;
/** `refresh`: ask Azure DevOps again instead of reusing the answer of the last five minutes. */
const refresh = z.boolean().optional();

export const lookupSchemas = {
  organizations: z.object({ applicationId: z.uuid(), refresh }).strict(),
  projects: z.object({ applicationId: z.uuid(), organization: bound.organization, organizationTenantId: bound.organizationTenantId, refresh }).strict(),
  project: z.object({ applicationId: z.uuid(), organization: bound.organization, organizationTenantId: bound.organizationTenantId, projectId: guid, refresh }).strict(),
};

/**
 * The dialog's form: the same policy schema, and the binding as the pickers hold it (organization
 * as `tenantId|name`). `toActionInput` turns it into what the server action parses.
 */
export const dialogSchema = z
  .object({
    policy: policySchema,
    devopsEnabled: z.boolean(),
    organizationKey: z.string(),
    projectId: z.string(),
    endpointId: z.string(),
  })
  .superRefine((v, ctx) => {
    if (!v.devopsEnabled) return;
    if (!v.organizationKey) ctx.addIssue({ code: "custom", path: ["organizationKey"], message: "Pick an organization." });
    else if (!v.projectId) ctx.addIssue({ code: "custom", path: ["projectId"], message: "Pick a project." });
    else if (!v.endpointId) ctx.addIssue({ code: "custom", path: ["endpointId"], message: "Pick a service connection." });
  });

export type DialogInput = z.input<typeof dialogSchema>;
export type DialogValues = z.output<typeof dialogSchema>;

export function splitOrganizationKey(key: string): { organizationTenantId: string; organization: string } {
  const [organizationTenantId = "", organization = ""] = key.split("|");
  return { organizationTenantId, organization };
}

export function toActionInput(applicationId: string, v: DialogValues, integrationOn: boolean): ApplicationSettingsInput {
  if (!integrationOn || !v.devopsEnabled) return { applicationId, policy: v.policy, devops: { enabled: false } };
  return { applicationId, policy: v.policy, devops: { enabled: true, ...splitOrganizationKey(v.organizationKey), projectId: v.projectId, endpointId: v.endpointId } };
}
