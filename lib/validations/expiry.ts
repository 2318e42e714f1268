import { z } from "zod";

/**
 * The expiry overview's filters and its export's, as they arrive in the query string (a GET form,
 * so they work without JavaScript). Blank means "any"; anything else not listed is an error.
 */
export const EXPIRY_WINDOWS = [7, 14, 30, 90] as const;

const one = (what: string, allowed: readonly string[]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v, ctx) => {
      if (Array.isArray(v)) {
        ctx.addIssue({ code: "custom", message: `${what}: give it once.` });
        return z.NEVER;
      }
      const value = v?.trim() ?? "";
      if (value === "") return undefined;
      if (!allowed.includes(value)) {
        ctx.addIssue({ code: "custom", message: `${what}: choose one of ${allowed.join(", ")}.` });
        return z.NEVER;
      }
      return value;
    });

export const expiryFilterSchema = z.object({
  within: one("Expiring within (days)", EXPIRY_WINDOWS.map(String)).transform((v) => (v ? Number(v) : undefined)),
  managed: one("Managed", ["managed", "unmanaged"]) as z.ZodType<"managed" | "unmanaged" | undefined>,
  failing: one("Failing", ["1"]).transform((v) => v === "1"),
});

export type ExpiryFilter = z.infer<typeof expiryFilterSchema>;
