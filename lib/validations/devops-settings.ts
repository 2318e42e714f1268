import { z } from "zod";

/** Shown at the PAT field of System → Azure DevOps itself, so it says what to do there. */
export const PAT_REQUIRED = "Paste a personal access token, or turn “Use ServicePrincipal for connections” back on: Rotor needs one of them to update service connections.";

/**
 * System → Azure DevOps, shared by the form (zodResolver) and the server action. `pat` empty
 * keeps the stored PAT; `removePat` drops it. `hasStoredPat` is the form's view of the database:
 * the server ignores it and asks the database again.
 */
export const devopsSettingsFields = z.object({
    integrationEnabled: z.boolean(),
    useServicePrincipal: z.boolean(),
    pat: z
      .string()
      .trim()
      .max(256, "A personal access token is at most 256 characters.")
      .regex(/^[A-Za-z0-9]*$/, "A personal access token has only letters and digits; paste it again without spaces.")
      .refine((value) => value === "" || value.length >= 20, "This is too short to be a personal access token.")
      .default(""),
    removePat: z.boolean().default(false),
    includeHomeTenantOrgs: z.boolean(),
    hasStoredPat: z.boolean().default(false),
});

export const devopsSettingsSchema = devopsSettingsFields.superRefine((values, ctx) => {
    if (patMissing(values)) ctx.addIssue({ code: "custom", path: ["pat"], message: PAT_REQUIRED });
    if (values.removePat && values.pat) ctx.addIssue({ code: "custom", path: ["pat"], message: "Either replace the PAT or remove it, not both." });
});

export type DevopsSettingsInput = z.input<typeof devopsSettingsSchema>;
export type DevopsSettingsValues = z.output<typeof devopsSettingsSchema>;

/** Without the service principal, Rotor writes connections with the PAT, so one must remain. */
export function patMissing(values: Pick<DevopsSettingsValues, "useServicePrincipal" | "pat" | "removePat" | "hasStoredPat">): boolean {
  return !values.useServicePrincipal && !values.pat && (values.removePat || !values.hasStoredPat);
}
