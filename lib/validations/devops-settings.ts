import { z } from "zod";
import { MAX_REGISTRY_HOSTS, parseRegistryHosts } from "@/lib/azure/devops/registry-hosts";

export const PAT_REQUIRED = "Provide a PAT in tenant Azure DevOps settings";

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
    /** Docker registry hosts, one per line or comma-separated; absent keeps the stored list. */
    dockerRegistryHosts: z
      .string()
      .max(4000, "The allow-list is at most 4000 characters.")
      .superRefine((value, ctx) => {
        const { hosts, invalid } = parseRegistryHosts(value);
        if (invalid.length) ctx.addIssue({ code: "custom", message: `Not a registry host (write name or name:port, no https:// or path): ${invalid.slice(0, 3).join(", ")}.` });
        else if (hosts.length > MAX_REGISTRY_HOSTS) ctx.addIssue({ code: "custom", message: `At most ${MAX_REGISTRY_HOSTS} registry hosts.` });
      })
      .optional(),
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
